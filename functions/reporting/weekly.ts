// The weekly headquarters report: gathered from the daily aggregates, rendered, kept in the reports bucket, emailed.

import type { SurgeRepository } from '../adapters/surge-repository.js';
import { portStandings } from '../compliance/standings.js';
import { addDays, type PeriodFigures, rollUp, totalOver } from '../domain/metrics.js';
import type { Addresses } from '../domain/referrals.js';
import { type OverdueReferral, type PortWeek, portsCsv, type WeeklyReportData, weeklyHtml } from '../domain/report.js';
import type { SchedulingDeps } from '../surges/schedule.js';
import { barChartPng } from './chart.js';
import type { MetricsDeps, ReferralReader } from './jobs.js';

export const CHART_CID = 'inspections-chart@outbound';

export interface ReportOutput {
  putObject: (key: string, body: Buffer | string, contentType: string) => Promise<void>;
  sendRaw: (message: {
    to: string[];
    subject: string;
    html: string;
    attachments: Array<{ filename: string; content: Buffer | string; contentType: string; cid?: string }>;
  }) => Promise<void>;
}

export interface WeeklyDeps extends MetricsDeps {
  referrals: ReferralReader;
  surges: Pick<SurgeRepository, 'byStatus'>;
  /** Present where the surge workflow is configured: lets the compliance job schedule a pulse. */
  scheduling?: SchedulingDeps;
  output: ReportOutput;
  hqEmail: string;
  addresses: Addresses;
}

const byNumber = (pick: (f: PeriodFigures) => number | null) => (a: PortWeek, b: PortWeek) =>
  (pick(b.figures) ?? -1) - (pick(a.figures) ?? -1);

export async function gatherWeekly(
  deps: WeeklyDeps,
  today: string,
): Promise<{ data: WeeklyReportData; daily: number[] }> {
  const to = addDays(today, -1);
  const from = addDays(today, -7);
  const [{ policy }, standings] = await Promise.all([deps.policy.get(), portStandings(deps, today)]);
  const nationalDaily = await deps.metrics.daily('NATIONAL', addDays(today, -28), to);
  const national = totalOver(nationalDaily, { from, to }, policy.staffHourCostUsd);
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
    .filter((o) => o.start.slice(0, 10) >= from && o.start.slice(0, 10) <= to)
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
  const data: WeeklyReportData = {
    from,
    to,
    national,
    trend,
    belowMinimum: standings.map((s) => s.compliance).filter((row) => !row.compliant7),
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
  const daily = [...Array(28).keys()].map((i) => nationalDaily.get(addDays(today, i - 28))?.inspections ?? 0);
  return { data, daily };
}

export interface WeeklyResult {
  from: string;
  to: string;
  keys: { html: string; csv: string; chart: string };
  ports: number;
}

export async function sendWeeklyReport(
  deps: WeeklyDeps,
  today = deps.now().toISOString().slice(0, 10),
): Promise<WeeklyResult> {
  const { data, daily } = await gatherWeekly(deps, today);
  const html = weeklyHtml(data, CHART_CID);
  const csv = portsCsv(data.ports);
  const chart = barChartPng(daily);
  const prefix = `weekly/${data.to}`;
  const keys = { html: `${prefix}/report.html`, csv: `${prefix}/ports.csv`, chart: `${prefix}/inspections.png` };
  await Promise.all([
    deps.output.putObject(keys.html, html.replace(`cid:${CHART_CID}`, 'inspections.png'), 'text/html; charset=utf-8'),
    deps.output.putObject(keys.csv, csv, 'text/csv; charset=utf-8'),
    deps.output.putObject(keys.chart, chart, 'image/png'),
  ]);
  await deps.output.sendRaw({
    to: [deps.hqEmail],
    subject: `Outbound weekly report, ${data.from} to ${data.to}`,
    html,
    attachments: [
      { filename: `outbound-ports-${data.to}.csv`, content: csv, contentType: 'text/csv' },
      { filename: 'inspections.png', content: chart, contentType: 'image/png', cid: CHART_CID },
    ],
  });
  return { from: data.from, to: data.to, keys, ports: data.ports.length };
}
