// The weekly headquarters report as text: HTML with every value escaped, CSV with formula cells neutralised.
import type { PeriodFigures } from './metrics.js';
import type { ComplianceRow } from './policy.js';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A CSV cell that a spreadsheet cannot run: a leading = + - @ (or tab/CR) is prefixed with a quote. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [headers, ...rows]
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')
    .concat('\r\n');
}

export interface PortWeek {
  portCode: string;
  name: string;
  state: string;
  border: string;
  figures: PeriodFigures;
}

export interface OverdueReferral {
  referralId: string;
  portCode: string;
  findingType: string;
  status: string;
  escalation?: string;
  slaDueAt?: string;
}

export interface SurgeSummary {
  surgeId: string;
  ports: string[];
  start: string;
  end: string;
  inspections: number;
  seizures: number;
  hitRate: number | null;
  baselineHitRate: number | null;
  lift: number | null;
}

export interface WeeklyReportData {
  from: string;
  to: string;
  national: PeriodFigures;
  trend: PeriodFigures[];
  belowMinimum: ComplianceRow[];
  topByRate: PortWeek[];
  bottomByRate: PortWeek[];
  topByYield: PortWeek[];
  overdueReferrals: OverdueReferral[];
  surges: SurgeSummary[];
  equipmentProblems: PortWeek[];
  ports: PortWeek[];
  generatedAt: string;
}

export const PORT_CSV_HEADERS = [
  'portCode',
  'name',
  'state',
  'border',
  'inspections',
  'inspectionDays',
  'exits',
  'inspectionsPer1000Exits',
  'seizures',
  'hitRate',
  'currencySeizedUsd',
  'firearms',
  'ammunitionRounds',
  'narcoticsKg',
  'outboundStaffHours',
  'divertedHours',
  'staffCostUsd',
  'referralsOpened',
  'proceduralViolations',
  'rejectedRecords',
  'conflictingRecords',
  'equipmentDownMinutes',
  'connectivityDownMinutes',
] as const;

export function portsCsv(ports: readonly PortWeek[]): string {
  return toCsv(
    PORT_CSV_HEADERS,
    ports.map((p) => {
      const f = p.figures as unknown as Record<string, unknown>;
      return [p.portCode, p.name, p.state, p.border, ...PORT_CSV_HEADERS.slice(4).map((h) => f[h])];
    }),
  );
}

const number = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits });

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p style="color:#555">None.</p>';
  const head = headers
    .map((h) => `<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #ccc">${escapeHtml(h)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td style="padding:4px 8px;border-bottom:1px solid #eee">${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table style="border-collapse:collapse;font-size:13px"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const portRows = (ports: PortWeek[], pick: (p: PortWeek) => unknown[]) =>
  ports.map((p) => [`${p.name} (${p.portCode})`, ...pick(p)]);

export function weeklyHtml(data: WeeklyReportData, chartCid: string): string {
  const n = data.national;
  return `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#111;max-width:760px">
<h1 style="font-size:20px">Outbound inspections — week ${escapeHtml(data.from)} to ${escapeHtml(data.to)}</h1>
<h2 style="font-size:16px">National totals</h2>
${table(
  [
    'Inspections',
    'Inspection days (port-days)',
    'Exits',
    'Per 1,000 exits',
    'Seizures',
    'Hit rate',
    'Currency seized (USD)',
    'Firearms',
    'Staff hours',
    'Staff cost (USD)',
  ],
  [
    [
      number(n.inspections),
      number(n.inspectionDays),
      number(n.exits),
      number(n.inspectionsPer1000Exits, 2),
      number(n.seizures),
      number(n.hitRate, 3),
      number(n.currencySeizedUsd),
      number(n.firearms),
      number(n.outboundStaffHours, 1),
      number(n.staffCostUsd),
    ],
  ],
)}
<h2 style="font-size:16px">Trend (inspections per day, last four weeks)</h2>
<img src="cid:${escapeHtml(chartCid)}" alt="Bar chart of national outbound inspections per day over the last four weeks" width="640" height="240">
${table(
  ['Week', 'Inspections', 'Seizures', 'Hit rate'],
  data.trend.map((w) => [w.period, number(w.inspections), number(w.seizures), number(w.hitRate, 3)]),
)}
<h2 style="font-size:16px">Ports below the minimum inspection frequency (trailing 7 days)</h2>
${table(
  ['Port', 'Border', 'Days inspected (7)', 'Minimum', 'Days since last inspection'],
  data.belowMinimum.map((r) => [
    `${r.name} (${r.portCode})`,
    r.border,
    r.inspectionDays7,
    r.minimumDaysPerWeek,
    r.daysSinceLastInspection ?? 'never',
  ]),
)}
<h2 style="font-size:16px">Inspection rate: highest and lowest</h2>
${table(
  ['Port', 'Per 1,000 exits', 'Inspections'],
  portRows(data.topByRate, (p) => [number(p.figures.inspectionsPer1000Exits, 2), number(p.figures.inspections)]),
)}
${table(
  ['Port', 'Per 1,000 exits', 'Inspections'],
  portRows(data.bottomByRate, (p) => [number(p.figures.inspectionsPer1000Exits, 2), number(p.figures.inspections)]),
)}
<h2 style="font-size:16px">Yield: highest hit rates</h2>
${table(
  ['Port', 'Hit rate', 'Seizures', 'Currency (USD)'],
  portRows(data.topByYield, (p) => [
    number(p.figures.hitRate, 3),
    number(p.figures.seizures),
    number(p.figures.currencySeizedUsd),
  ]),
)}
<h2 style="font-size:16px">Surge operations</h2>
${table(
  ['Operation', 'Ports', 'Window', 'Inspections', 'Seizures', 'Hit rate', 'Baseline', 'Lift'],
  data.surges.map((o) => [
    o.surgeId,
    o.ports.join(', '),
    `${o.start} – ${o.end}`,
    number(o.inspections),
    number(o.seizures),
    number(o.hitRate, 3),
    number(o.baselineHitRate, 3),
    number(o.lift, 3),
  ]),
)}
<h2 style="font-size:16px">Referrals past their SLA</h2>
${table(
  ['Referral', 'Port', 'Finding', 'Status', 'Escalated to', 'Due'],
  data.overdueReferrals.map((r) => [
    r.referralId,
    r.portCode,
    r.findingType,
    r.status,
    r.escalation ?? '',
    r.slaDueAt ?? '',
  ]),
)}
<h2 style="font-size:16px">Equipment and connectivity</h2>
${table(
  ['Port', 'Equipment down (min)', 'Connectivity down (min)'],
  portRows(data.equipmentProblems, (p) => [
    number(p.figures.equipmentDownMinutes),
    number(p.figures.connectivityDownMinutes),
  ]),
)}
<h2 style="font-size:16px">Data quality</h2>
${table(
  ['Rejected lines', 'Conflicting records', 'Procedure violations', 'Average upload delay (min)', 'Captured offline'],
  [
    [
      number(n.rejectedRecords),
      number(n.conflictingRecords),
      number(n.proceduralViolations),
      number(n.averageUploadDelayMinutes, 1),
      number(n.capturedOffline),
    ],
  ],
)}
<p style="color:#555;font-size:12px">Per-port figures are attached as CSV. Generated ${escapeHtml(data.generatedAt)}.</p>
</body></html>`;
}
