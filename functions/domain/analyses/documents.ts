// The analyses as documents: HTML (every value escaped) and CSV (formula cells neutralised).

import { SEIZABLE, type SeizableType } from '../records/rules.js';
import {
  type Cell,
  type ChartMode,
  type ChartSlot,
  change,
  escapeHtml,
  figure,
  list,
  num,
  page,
  pct,
  table,
  toCsv,
  usd,
} from '../report-html.js';
import {
  type CostBenefitAnalysis,
  type CostBenefitFigures,
  type CostBenefitRow,
  SEIZURE_UNITS,
} from './cost-benefit.js';
import { ASSET_NAMES, type InfrastructureAssessment } from './infrastructure.js';
import type { IntegritySection } from './integrity.js';

const TYPE_NAMES: Record<SeizableType, string> = {
  currency: 'Currency',
  firearm: 'Firearms',
  ammunition: 'Ammunition',
  explosive: 'Explosives',
  narcotic: 'Narcotics',
  wildlife: 'Wildlife',
};

const charted = (charts: readonly ChartSlot[], name: string, mode: ChartMode) => {
  const chart = charts.find((c) => c.name === name);
  return chart ? figure(chart, mode) : '';
};

export function integrityHtml(section: IntegritySection): string {
  const n = section.national;
  const reasons = n.topReasons.map((r) => `${r.reason} (${r.count})`);
  return `<h2>Program integrity</h2>
<p>Wildlife seizures: <b>${escapeHtml(n.wildlifeSeizures)}</b>; referred ${escapeHtml(n.wildlifeReferred)}, reached HSI and USFWS ${escapeHtml(n.wildlifeReachedAgencies)}, of them within the ${escapeHtml(section.slaHours)}-hour SLA <b>${escapeHtml(n.wildlifeWithinSla)}</b>.</p>
<p>Advanced searches of electronic devices: <b>${escapeHtml(n.advancedSearches)}</b>, with a documented supervisor approval <b>${escapeHtml(n.advancedApproved)}</b> (${escapeHtml((pct(n.approvalShare) as { value: string }).value)}).</p>
<p>Records refused at upload: ${escapeHtml(n.rejectedRecords)} rejected lines, ${escapeHtml(n.conflictingRecords)} conflicting records.${reasons.length ? ' Most common reasons:' : ''}</p>${list(reasons)}
${table(
  [
    'Port',
    'Wildlife seizures',
    'Reached HSI+USFWS in SLA',
    'Advanced searches',
    'Approved',
    'Rejected',
    'Conflicts',
    'Top reason',
  ],
  section.ports.map((r) => [
    `${r.name} (${r.portCode})`,
    num(r.wildlifeSeizures),
    r.wildlifeSeizures > 0 ? num(r.wildlifeWithinSla) : num(null),
    num(r.advancedSearches),
    pct(r.approvalShare),
    num(r.rejectedRecords),
    num(r.conflictingRecords),
    r.topReasons[0] ? `${r.topReasons[0].reason} (${r.topReasons[0].count})` : '',
  ]),
  'No wildlife seizures, advanced device searches or refused records in the period.',
)}`;
}

const seizureSummary = (f: CostBenefitFigures) =>
  SEIZABLE.filter((t) => f.byType[t].seizures > 0)
    .map((t) => `${TYPE_NAMES[t]} ${f.byType[t].quantity.toLocaleString('en-US')} ${SEIZURE_UNITS[t]}`)
    .join('; ');

function headline(row: CostBenefitRow): Cell[][] {
  const c = row.current;
  const p = row.previous;
  const line = (
    label: string,
    value: Cell,
    now: number | null,
    before: number | null | undefined,
    digits = 0,
  ): Cell[] => [label, value, now === null ? num(null) : change(now, before, digits)];
  return [
    line('Inspections', num(c.inspections), c.inspections, p?.inspections),
    line('Inspection days (port-days)', num(c.inspectionDays), c.inspectionDays, p?.inspectionDays),
    line('Staff hours', num(c.staffHours, 1), c.staffHours, p?.staffHours, 1),
    line('Staff cost', usd(c.staffCostUsd), c.staffCostUsd, p?.staffCostUsd),
    line('Hours diverted to inbound duty', num(c.divertedHours, 1), c.divertedHours, p?.divertedHours, 1),
    line('Seizures', num(c.seizures), c.seizures, p?.seizures),
    line('Currency seized', usd(c.currencySeizedUsd), c.currencySeizedUsd, p?.currencySeizedUsd),
    line('Other seizures, valued by the policy', usd(c.valuedSeizuresUsd), c.valuedSeizuresUsd, p?.valuedSeizuresUsd),
    line('Cost per seizure', usd(c.costPerSeizureUsd), c.costPerSeizureUsd, p?.costPerSeizureUsd),
    line(
      'Currency seized per staff hour',
      usd(c.currencySeizedPerStaffHour),
      c.currencySeizedPerStaffHour,
      p?.currencySeizedPerStaffHour,
    ),
    line('Weeks at the minimum frequency (port-weeks)', `${c.weeksAtMinimum} of ${c.weeks}`, null, null),
  ];
}

export function costBenefitHtml(
  analysis: CostBenefitAnalysis,
  integrity: IntegritySection,
  charts: readonly ChartSlot[],
  mode: ChartMode,
): string {
  const { period, previousPeriod } = analysis;
  const n = analysis.national.current;
  const title = `Outbound cost-benefit analysis, ${period.id} (${period.from} to ${period.to})`;
  const unpriced = n.unpricedTypes.map((t) => TYPE_NAMES[t].toLowerCase());
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="muted">Staff hours at the policy's loaded cost of $${escapeHtml(analysis.staffHourCostUsd)} an hour (each day at the rate in force that day). Compared with ${escapeHtml(previousPeriod.from)} to ${escapeHtml(previousPeriod.to)} where records of that period exist.</p>
<div class="${n.seizures > 0 ? 'ok' : 'attention'}">${
    n.seizures > 0
      ? `${escapeHtml(n.seizures)} seizures for ${escapeHtml((usd(n.staffCostUsd) as { value: string }).value)} of outbound staff time: ${escapeHtml((usd(n.costPerSeizureUsd) as { value: string }).value)} a seizure, ${escapeHtml((usd(n.currencySeizedPerStaffHour) as { value: string }).value)} of currency seized per staff hour.`
      : `No seizures in the period: ${escapeHtml((usd(n.staffCostUsd) as { value: string }).value)} of outbound staff time without a seizure.`
  }${unpriced.length ? ` Seizures of ${escapeHtml(unpriced.join(', '))} are counted, not priced: the policy sets no valuation for them.` : ''}</div>
<h2>National</h2>
${table(['Figure', period.id, 'Change on a year before'], headline(analysis.national))}
<h3>Seizures by type</h3>
${table(
  ['Type', 'Seizures', 'Quantity', 'Value'],
  SEIZABLE.map((t) => [
    TYPE_NAMES[t],
    num(n.byType[t].seizures),
    `${n.byType[t].quantity.toLocaleString('en-US')} ${SEIZURE_UNITS[t]}`,
    n.byType[t].valueUsd === null ? (n.byType[t].seizures > 0 ? 'not priced' : '—') : usd(n.byType[t].valueUsd),
  ]),
)}
${charted(charts, 'cost-by-border', mode)}
<h2>By border</h2>
${table(
  [
    'Border',
    'Inspections',
    'Staff cost',
    'Seizures',
    'Cost per seizure',
    'Currency per staff hour',
    'Seizures, change',
  ],
  analysis.borders.map((b) => [
    b.name,
    num(b.current.inspections),
    usd(b.current.staffCostUsd),
    num(b.current.seizures),
    usd(b.current.costPerSeizureUsd),
    usd(b.current.currencySeizedPerStaffHour),
    change(b.current.seizures, b.previous?.seizures),
  ]),
)}
${charted(charts, 'cost-per-seizure', mode)}
<h2>By port</h2>
<p class="muted">Ports with activity in the period, busiest first; every figure per port is in the CSV.</p>
${table(
  ['Port', 'Inspections', 'Staff hours', 'Staff cost', 'Seizures', 'Cost per seizure', 'Seized', 'Inspections, change'],
  analysis.ports
    .filter((r) => r.current.inspections + r.current.staffHours > 0)
    .map((r) => [
      `${r.name} (${r.scope})`,
      num(r.current.inspections),
      num(r.current.staffHours, 1),
      usd(r.current.staffCostUsd),
      num(r.current.seizures),
      usd(r.current.costPerSeizureUsd),
      seizureSummary(r.current),
      change(r.current.inspections, r.previous?.inspections),
    ]),
  'No port recorded inspections or staff hours in the period.',
)}
<h2>Surge operations</h2>
${table(
  ['Operation', 'Ports', 'Window', 'Inspections', 'Seizures', 'Lift', 'Staff hours', 'Cost'],
  analysis.surges.map((s) => [
    s.surgeId,
    s.ports.join(', '),
    `${s.start.slice(0, 16)} – ${s.end.slice(0, 16)}`,
    num(s.inspections),
    num(s.seizures),
    s.lift === null
      ? num(null)
      : { value: `${s.lift >= 0 ? '+' : '−'}${Math.abs(Math.round(s.lift * 1000) / 10)} pts`, numeric: true },
    num(s.staffHours, 1),
    usd(s.costUsd),
  ]),
  'No surge operation completed in the period.',
)}
<p class="muted">Lift: the operation's seizure rate minus the same ports' baseline rate, in percentage points.</p>
${integrityHtml(integrity)}
<p class="muted">Generated ${escapeHtml(analysis.generatedAt)}. A seizure is an inspection ending in a seizure or an arrest; the quantities are the sums of its findings.</p>`;
  return page(title, body);
}

export const COST_BENEFIT_CSV_HEADERS = [
  'scope',
  'name',
  'border',
  'period',
  'from',
  'to',
  'inspections',
  'inspectionDays',
  'staffHours',
  'staffCostUsd',
  'divertedHours',
  'seizures',
  ...SEIZABLE.flatMap((t) => [`${t}Seizures`, `${t}Quantity`, `${t}ValueUsd`]),
  'currencySeizedUsd',
  'valuedSeizuresUsd',
  'costPerSeizureUsd',
  'currencySeizedPerStaffHour',
  'surgeInspections',
  'surgeStaffCostUsd',
  'weeks',
  'weeksAtMinimum',
] as const;

export function costBenefitCsv(analysis: CostBenefitAnalysis): string {
  const rows: unknown[][] = [];
  const add = (row: CostBenefitRow, which: 'current' | 'previous') => {
    const f = row[which];
    if (!f) return;
    const period = which === 'current' ? analysis.period : analysis.previousPeriod;
    rows.push([
      row.scope,
      row.name,
      row.border ?? '',
      period.id,
      period.from,
      period.to,
      f.inspections,
      f.inspectionDays,
      f.staffHours,
      f.staffCostUsd,
      f.divertedHours,
      f.seizures,
      ...SEIZABLE.flatMap((t) => [f.byType[t].seizures, f.byType[t].quantity, f.byType[t].valueUsd ?? '']),
      f.currencySeizedUsd,
      f.valuedSeizuresUsd,
      f.costPerSeizureUsd ?? '',
      f.currencySeizedPerStaffHour ?? '',
      f.surgeInspections,
      f.surgeStaffCostUsd,
      f.weeks,
      f.weeksAtMinimum,
    ]);
  };
  for (const row of [analysis.national, ...analysis.borders, ...analysis.ports]) {
    add(row, 'current');
    add(row, 'previous');
  }
  return toCsv(COST_BENEFIT_CSV_HEADERS, rows);
}

const minutesAsHours = (minutes: number | null) => num(minutes === null ? null : minutes / 60, 1);

export function infrastructureHtml(
  assessment: InfrastructureAssessment,
  charts: readonly ChartSlot[],
  mode: ChartMode,
): string {
  const { period, national } = assessment;
  const title = `Outbound infrastructure and connectivity assessment, ${period.id} (${period.from} to ${period.to})`;
  const ranked = assessment.ranked.slice(0, 15);
  const body = `<h1>${escapeHtml(title)}</h1>
<div class="${ranked.length ? 'attention' : 'ok'}">${
    ranked.length
      ? `${escapeHtml(assessment.ranked.length)} ports show technology or connectivity problems; the likeliest to hold outbound inspections back are listed first, with the figures that put them there.`
      : 'No port reported failing or missing technology or connectivity problems in the period.'
  }</div>
<h2>Where technology most likely holds inspections back</h2>
${table(
  ['#', 'Port', 'Score', 'Why'],
  ranked.map((p, i) => [num(i + 1), `${p.name} (${p.portCode})`, num(p.problemScore, 2), p.reasons.join('; ')]),
  'No port to list.',
)}
<p class="muted">Score 0–1: network downtime (35%), the least available inspection asset (25%), core technology (x-ray, LPR, NII) never reported (15%), records captured offline (15%), late uploads (10%); raised by up to double where the port also fell short of its minimum inspection days.</p>
${charted(charts, 'problem-ranking', mode)}
${charted(charts, 'connectivity-map', mode)}
<h2>National</h2>
${table(
  ['Figure', 'Value'],
  [
    ['Ports reporting equipment', num(national.portsReporting)],
    ['Connectivity outage reports', num(national.connectivityOutages)],
    ['Network downtime (hours)', minutesAsHours(national.connectivityDownMinutes)],
    ['Inspections captured offline', pct(national.offlineShare)],
    ['Upload delay, median (hours)', minutesAsHours(national.uploadDelayMedianMinutes)],
    ['Upload delay, 95th percentile (hours)', minutesAsHours(national.uploadDelayP95Minutes)],
  ],
)}
<h2>By port</h2>
<p class="muted">Connectivity includes the network records the field app sends when it loses and regains the network. Upload delay: from an inspection's start to its arrival.</p>
${table(
  [
    'Port',
    'Technology reported (available)',
    'Outages',
    'Network down (h)',
    'Offline',
    'Delay median (h)',
    'Delay p95 (h)',
  ],
  assessment.ports
    .filter((p) => p.assets.length > 0 || p.inspections > 0)
    .map((p) => [
      `${p.name} (${p.portCode})`,
      p.assets.map((a) => `${ASSET_NAMES[a.asset]} ${Math.round(a.availability * 100)}%`).join(', ') || 'none reported',
      num(p.connectivityOutages),
      minutesAsHours(p.connectivityDownMinutes),
      pct(p.offlineShare),
      minutesAsHours(p.uploadDelayMedianMinutes),
      minutesAsHours(p.uploadDelayP95Minutes),
    ]),
  'No port reported equipment or inspections in the period.',
)}
<p class="muted">Generated ${escapeHtml(assessment.generatedAt)}. Availability: the share of an asset's status reports that found it working.</p>`;
  return page(title, body);
}

export function infrastructureCsv(assessment: InfrastructureAssessment): string {
  const headers = [
    'portCode',
    'name',
    'border',
    'asset',
    'observations',
    'ok',
    'degraded',
    'down',
    'availability',
    'downMinutes',
    'connectivityOutages',
    'connectivityDownMinutes',
    'inspections',
    'capturedOffline',
    'offlineShare',
    'uploadDelayMedianMinutes',
    'uploadDelayP95Minutes',
    'inspectionDays',
    'requiredInspectionDays',
    'problemScore',
    'reasons',
  ];
  const rows = assessment.ports.flatMap((p) => {
    const common = [
      p.connectivityOutages,
      p.connectivityDownMinutes,
      p.inspections,
      p.capturedOffline,
      p.offlineShare ?? '',
      p.uploadDelayMedianMinutes ?? '',
      p.uploadDelayP95Minutes ?? '',
      p.inspectionDays,
      p.requiredInspectionDays,
      p.problemScore,
      p.reasons.join('; '),
    ];
    const assets = p.assets.length > 0 ? p.assets : [undefined];
    return assets.map((a) => [
      p.portCode,
      p.name,
      p.border,
      a?.asset ?? '',
      a?.observations ?? '',
      a?.ok ?? '',
      a?.degraded ?? '',
      a?.down ?? '',
      a?.availability ?? '',
      a?.downMinutes ?? '',
      ...common,
    ]);
  });
  return toCsv(headers, rows);
}
