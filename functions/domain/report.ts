// The weekly headquarters report as text: HTML with every value escaped, CSV with formula cells neutralised.
import { integrityHtml } from './analyses/documents.js';
import type { IntegritySection } from './analyses/integrity.js';
import type { PeriodFigures } from './metrics.js';
import type { ComplianceRow } from './policy.js';
import {
  type ChartMode,
  type ChartSlot,
  change,
  escapeHtml,
  figure,
  num,
  page,
  pct,
  table,
  toCsv,
  usd,
} from './report-html.js';
import type { SurgeSummary } from './surges.js';

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

export interface WeeklyReportData {
  from: string;
  to: string;
  national: PeriodFigures;
  /** The week before, for what changed. */
  previous: PeriodFigures;
  /** Below the minimum now, not a week ago. */
  newlyBelowMinimum: ComplianceRow[];
  integrity: IntegritySection;
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

const portName = (p: { name: string; portCode: string }) => `${p.name} (${p.portCode})`;

/** What changed and what needs attention, in sentences, for the top of the report. */
export function attentionItems(data: WeeklyReportData): string[] {
  const n = data.national;
  const p = data.previous;
  const items: string[] = [];
  if (data.newlyBelowMinimum.length > 0)
    items.push(
      `${data.newlyBelowMinimum.length} ports fell below their minimum inspection frequency this week: ${data.newlyBelowMinimum
        .slice(0, 8)
        .map(portName)
        .join(', ')}${data.newlyBelowMinimum.length > 8 ? ', …' : ''}.`,
    );
  if (data.belowMinimum.length > 0)
    items.push(`${data.belowMinimum.length} ports in all are below their minimum (trailing 7 days).`);
  if (data.overdueReferrals.length > 0)
    items.push(`${data.overdueReferrals.length} referrals are past their SLA or escalated beyond the first level.`);
  if (data.surges.length > 0)
    items.push(
      `${data.surges.length} surge operations completed: ${data.surges.map((s) => `${s.surgeId} (${s.seizures} seizures in ${s.inspections} inspections)`).join('; ')}.`,
    );
  const problems = n.rejectedRecords + n.conflictingRecords + n.proceduralViolations;
  if (problems > 0)
    items.push(
      `Data problems: ${n.rejectedRecords} rejected lines (${p.rejectedRecords} the week before), ${n.conflictingRecords} conflicting records, ${n.proceduralViolations} advanced device searches without a documented approval.`,
    );
  if (data.integrity.national.wildlifeSeizures > data.integrity.national.wildlifeWithinSla)
    items.push(
      `${data.integrity.national.wildlifeSeizures - data.integrity.national.wildlifeWithinSla} of ${data.integrity.national.wildlifeSeizures} wildlife seizures have not reached HSI and USFWS within the SLA.`,
    );
  return items;
}

export function weeklyHtml(data: WeeklyReportData, charts: readonly ChartSlot[], mode: ChartMode): string {
  const n = data.national;
  const p = data.previous;
  const title = `Outbound inspections — week ${data.from} to ${data.to}`;
  const chart = (name: string) => {
    const c = charts.find((x) => x.name === name);
    return c ? figure(c, mode) : '';
  };
  const items = attentionItems(data);
  const body = `<h1>${escapeHtml(title)}</h1>
<h2>What changed and what needs attention</h2>
${
  items.length
    ? `<div class="attention"><ul style="margin:0;padding-left:18px">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul></div>`
    : '<div class="ok">Nothing needs attention: every port is at its minimum, no referral is past its SLA, no data problem.</div>'
}
${table(
  ['This week', 'Value', 'Change on the week before'],
  [
    ['Inspections', num(n.inspections), change(n.inspections, p.inspections)],
    ['Inspection days (port-days)', num(n.inspectionDays), change(n.inspectionDays, p.inspectionDays)],
    ['Exits', num(n.exits), change(n.exits, p.exits)],
    [
      'Inspections per 1,000 exits',
      num(n.inspectionsPer1000Exits, 2),
      n.inspectionsPer1000Exits === null ? num(null) : change(n.inspectionsPer1000Exits, p.inspectionsPer1000Exits, 2),
    ],
    ['Seizures', num(n.seizures), change(n.seizures, p.seizures)],
    [
      'Hit rate (seizures per inspection)',
      num(n.hitRate, 3),
      n.hitRate === null ? num(null) : change(n.hitRate, p.hitRate, 3),
    ],
    ['Currency seized', usd(n.currencySeizedUsd), change(n.currencySeizedUsd, p.currencySeizedUsd)],
    ['Firearms', num(n.firearms), change(n.firearms, p.firearms)],
    ['Staff hours', num(n.outboundStaffHours, 1), change(n.outboundStaffHours, p.outboundStaffHours, 1)],
    ['Staff cost', usd(n.staffCostUsd), change(n.staffCostUsd, p.staffCostUsd)],
  ],
)}
<h2>Trend</h2>
${chart('inspections-per-day')}
${chart('seizures-per-day')}
${table(
  ['ISO week', 'Inspections', 'Seizures', 'Hit rate'],
  data.trend.map((w) => [w.period, num(w.inspections), num(w.seizures), num(w.hitRate, 3)]),
)}
<h2>Ports below the minimum inspection frequency</h2>
${chart('compliance-map')}
${table(
  ['Port', 'Border', 'Days inspected (7)', 'Minimum', 'Days since last'],
  data.belowMinimum.map((r) => [
    portName(r),
    r.border,
    num(r.inspectionDays7),
    num(r.minimumDaysPerWeek),
    r.daysSinceLastInspection === null ? 'never' : num(r.daysSinceLastInspection),
  ]),
  'Every port met its minimum.',
)}
<h2>Inspection rate: highest and lowest</h2>
${table(
  ['Highest', 'Per 1,000 exits', 'Inspections'],
  data.topByRate.map((x) => [portName(x), num(x.figures.inspectionsPer1000Exits, 2), num(x.figures.inspections)]),
)}
${table(
  ['Lowest', 'Per 1,000 exits', 'Inspections'],
  data.bottomByRate.map((x) => [portName(x), num(x.figures.inspectionsPer1000Exits, 2), num(x.figures.inspections)]),
)}
<h2>Yield: highest hit rates</h2>
${table(
  ['Port', 'Hit rate', 'Seizures', 'Currency'],
  data.topByYield.map((x) => [
    portName(x),
    num(x.figures.hitRate, 3),
    num(x.figures.seizures),
    usd(x.figures.currencySeizedUsd),
  ]),
)}
<h2>Surge operations completed</h2>
${table(
  ['Operation', 'Ports', 'Window', 'Inspections', 'Seizures', 'Hit rate', 'Baseline', 'Lift'],
  data.surges.map((o) => [
    o.surgeId,
    o.ports.join(', '),
    `${o.start.slice(0, 16)} – ${o.end.slice(0, 16)}`,
    num(o.inspections),
    num(o.seizures),
    num(o.hitRate, 3),
    num(o.baselineHitRate, 3),
    num(o.lift, 3),
  ]),
)}
<h2>Referrals past their SLA</h2>
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
<h2>Equipment and connectivity</h2>
${table(
  ['Port', 'Equipment down (min)', 'Network down (min)'],
  data.equipmentProblems.map((x) => [
    portName(x),
    num(x.figures.equipmentDownMinutes),
    num(x.figures.connectivityDownMinutes),
  ]),
)}
${integrityHtml(data.integrity)}
<h2>Data quality</h2>
${table(
  ['Figure', 'This week', 'Week before'],
  [
    ['Rejected lines', num(n.rejectedRecords), num(p.rejectedRecords)],
    ['Conflicting records', num(n.conflictingRecords), num(p.conflictingRecords)],
    ['Procedure violations', num(n.proceduralViolations), num(p.proceduralViolations)],
    ['Average upload delay (min)', num(n.averageUploadDelayMinutes, 1), num(p.averageUploadDelayMinutes, 1)],
    [
      'Captured offline',
      pct(n.inspections > 0 ? n.capturedOffline / n.inspections : null),
      pct(p.inspections > 0 ? p.capturedOffline / p.inspections : null),
    ],
  ],
)}
<p class="muted">Per-port figures are in the attached CSV. Generated ${escapeHtml(data.generatedAt)}.</p>`;
  return page(title, body);
}
