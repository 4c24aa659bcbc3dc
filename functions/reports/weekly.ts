// The weekly headquarters report: gathered from the daily aggregates, rendered, kept in the reports bucket, emailed.
import { portStandings } from '../compliance/standings.js';
import { addDays, NATIONAL, type PeriodFigures, rollUp, totalOver } from '../domain/metrics.js';
import type { Port } from '../domain/ports.js';
import { type OverdueReferral, type PortWeek, portsCsv, type WeeklyReportData, weeklyHtml } from '../domain/report.js';
import { type ChartRequest, portMap, type RenderedChart, renderChart } from './charts.js';
import { gatherIntegrity } from './integrity.js';
import type { ReportDeps } from './interfaces.js';
import { chartMode, publish } from './publish.js';

const byNumber = (pick: (f: PeriodFigures) => number | null) => (a: PortWeek, b: PortWeek) =>
  (pick(b.figures) ?? -1) - (pick(a.figures) ?? -1);

export async function gatherWeekly(
  deps: ReportDeps,
  today: string,
): Promise<{
  data: WeeklyReportData;
  daily: Array<{ day: string; inspections: number; seizures: number }>;
  ports: Port[];
}> {
  const to = addDays(today, -1);
  const from = addDays(today, -7);
  const [{ policy }, standings, weekBefore, registry] = await Promise.all([
    deps.policy.get(),
    portStandings(deps, today),
    portStandings(deps, addDays(today, -7)),
    deps.ports(),
  ]);
  const nationalDaily = await deps.metrics.daily(NATIONAL, addDays(today, -28), to);
  const national = totalOver(nationalDaily, { from, to }, policy.staffHourCostUsd);
  const previous = totalOver(nationalDaily, { from: addDays(from, -7), to: addDays(to, -7) }, policy.staffHourCostUsd);
  const trend = rollUp(nationalDaily, { from: addDays(today, -28), to }, 'week', policy.staffHourCostUsd);
  // one read of each port's last 28 days serves both its compliance and its week
  const ports: PortWeek[] = standings.map(({ port, daily }) => ({
    portCode: port.code,
    name: port.name,
    state: port.state,
    border: port.border,
    figures: totalOver(daily, { from, to }, policy.staffHourCostUsd),
  }));
  const measured = ports.filter((p) => p.figures.inspectionsPer1000Exits !== null);
  const now = deps.now().toISOString();
  const open = [
    ...(await deps.referrals.list({ status: 'PENDING_DECISION' })),
    ...(await deps.referrals.list({ status: 'ROUTED' })),
  ];
  const overdueReferrals: OverdueReferral[] = open
    .filter(
      (r) =>
        (r.slaDueAt !== undefined && r.slaDueAt < now) ||
        (r.escalation !== undefined && !['supervisor', 'agency'].includes(r.escalation)),
    )
    .map((r) => ({
      referralId: r.referralId,
      portCode: r.portCode,
      findingType: r.findingType,
      status: r.status,
      ...(r.escalation ? { escalation: r.escalation } : {}),
      ...(r.slaDueAt ? { slaDueAt: r.slaDueAt } : {}),
    }));
  const surges = (await deps.surges.byStatus('COMPLETED'))
    .filter((o) => o.end.slice(0, 10) >= from && o.end.slice(0, 10) <= to)
    .map((o) => ({
      surgeId: o.surgeId,
      ports: o.ports,
      start: o.start,
      end: o.end,
      inspections: o.results?.inspections ?? 0,
      seizures: o.results?.seizures ?? 0,
      hitRate: o.results?.hitRate ?? null,
      baselineHitRate: o.results?.baselineHitRate ?? null,
      lift: o.results?.lift ?? null,
    }));
  const belowMinimum = standings.map((s) => s.compliance).filter((row) => !row.compliant7);
  const belowBefore = new Set(weekBefore.filter((s) => !s.compliance.compliant7).map((s) => s.port.code));
  const weekInspections = await Promise.all(
    registry.active().map(async (port) => ({ port, inspections: await deps.records.inspections(port.code, from, to) })),
  );
  const data: WeeklyReportData = {
    from,
    to,
    national,
    previous,
    newlyBelowMinimum: belowMinimum.filter((row) => !belowBefore.has(row.portCode)),
    integrity: await gatherIntegrity(deps, weekInspections, from, to),
    trend,
    belowMinimum,
    topByRate: [...measured].sort(byNumber((f) => f.inspectionsPer1000Exits)).slice(0, 5),
    bottomByRate: [...measured]
      .sort(byNumber((f) => f.inspectionsPer1000Exits))
      .reverse()
      .slice(0, 5),
    topByYield: ports
      .filter((p) => p.figures.hitRate !== null)
      .sort(byNumber((f) => f.hitRate))
      .slice(0, 5),
    overdueReferrals,
    surges,
    equipmentProblems: ports
      .filter((p) => p.figures.equipmentDownMinutes > 0)
      .sort(byNumber((f) => f.equipmentDownMinutes))
      .slice(0, 10),
    ports,
    generatedAt: now,
  };
  const daily = [...Array(28).keys()].map((i) => {
    const day = addDays(today, i - 28);
    const figures = nationalDaily.get(day);
    return { day, inspections: figures?.inspections ?? 0, seizures: figures?.seizures ?? 0 };
  });
  return { data, daily, ports: registry.active() };
}

export function weeklyCharts(
  data: WeeklyReportData,
  daily: ReadonlyArray<{ day: string; inspections: number; seizures: number }>,
  ports: readonly Port[],
): ChartRequest[] {
  const first = daily[0]?.day ?? data.from;
  const last = daily.at(-1)?.day ?? data.to;
  const rows = daily.map((d) => ({ ...d, date: new Date(`${d.day}T00:00:00Z`) }));
  const total = (key: 'inspections' | 'seizures') => rows.reduce((n, r) => n + r[key], 0);
  const peak = (key: 'inspections' | 'seizures') =>
    rows.reduce((best, r) => (r[key] > best[key] ? r : best), rows[0] ?? { day: first, inspections: 0, seizures: 0 });
  const bars = (
    name: string,
    key: 'inspections' | 'seizures',
    title: string,
    unit: string,
    color: string,
  ): ChartRequest => ({
    name,
    title,
    subtitle: `${unit} per day, all ports, ${first} to ${last} (port local dates)`,
    alt: `Bar chart of national outbound ${key} per day from ${first} to ${last}: ${total(key)} in all, most on ${peak(key).day} (${peak(key)[key]}), last day ${rows.at(-1)?.[key] ?? 0}.`,
    options: (Plot) => ({
      marginLeft: 48,
      x: { type: 'utc', label: 'Date', tickFormat: '%b %-d' },
      y: { grid: true, label: unit, tickFormat: 'd' },
      marks: [Plot.rectY(rows, { x: 'date', y: key, interval: 'day', fill: color, inset: 0.5 }), Plot.ruleY([0])],
    }),
  });
  const below = new Set(data.belowMinimum.map((r) => r.portCode));
  const newly = new Set(data.newlyBelowMinimum.map((r) => r.portCode));
  return [
    bars('inspections-per-day', 'inspections', 'National outbound inspections per day', 'Inspections', '#1f5fa8'),
    bars('seizures-per-day', 'seizures', 'National seizures per day', 'Seizures', '#2e7d32'),
    portMap({
      name: 'compliance-map',
      title: 'Ports against their minimum inspection frequency',
      subtitle: `Inspection days in the 7 days to ${data.to}`,
      alt: `Map of ${ports.length} active land ports: ${below.size} below their minimum (${newly.size} newly this week), ${ports.length - below.size} at or above it.`,
      ports: ports.map((p) => ({
        ...p,
        category: newly.has(p.code) ? 'Newly below' : below.has(p.code) ? 'Below minimum' : 'At or above minimum',
      })),
      categories: [
        { name: 'At or above minimum', color: '#1f5fa8' },
        { name: 'Below minimum', color: '#d08a00' },
        { name: 'Newly below', color: '#c0392b' },
      ],
    }),
  ];
}

export interface WeeklyResult {
  from: string;
  to: string;
  keys: { html: string; csv: string; charts: string[] };
  ports: number;
}

export async function sendWeeklyReport(
  deps: ReportDeps,
  today = deps.now().toISOString().slice(0, 10),
): Promise<WeeklyResult> {
  const { data, daily, ports } = await gatherWeekly(deps, today);
  const charts: RenderedChart[] = [];
  for (const request of weeklyCharts(data, daily, ports)) charts.push(await renderChart(request));
  const { keys } = await publish(deps, {
    kind: 'weekly',
    period: data.to,
    subject: `Outbound weekly report, ${data.from} to ${data.to}`,
    html: (mode) => weeklyHtml(data, charts, chartMode(mode)),
    csv: { name: 'ports.csv', content: portsCsv(data.ports) },
    charts,
  });
  return { from: data.from, to: data.to, keys, ports: data.ports.length };
}
