// The analyses the audit asked for, run as jobs: the quarterly (or fiscal-year) cost-benefit analysis and the monthly
// infrastructure and connectivity assessment, gathered from the stored records, kept in the reports bucket as HTML
// and CSV, and emailed to headquarters with their charts.
import { type CostBenefitAnalysis, costBenefit, type PortPeriodRecords } from '../domain/analyses/cost-benefit.js';
import {
  costBenefitCsv,
  costBenefitHtml,
  infrastructureCsv,
  infrastructureHtml,
} from '../domain/analyses/documents.js';
import { assess, type InfrastructureAssessment } from '../domain/analyses/infrastructure.js';
import {
  lastCompleteMonth,
  lastCompleteQuarter,
  type Period,
  periodNamed,
  toDate,
  yearBefore,
} from '../domain/analyses/periods.js';
import { daysBetween } from '../domain/metrics.js';
import { minimumDaysPerWeek, policyOn } from '../domain/policy.js';
import type { Port } from '../domain/ports.js';
import type { Equipment, Staffing } from '../domain/records/schemas.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { type ChartRequest, portMap, type RenderedChart, renderChart } from './charts.js';
import { gatherIntegrity } from './integrity.js';
import type { ReportDeps } from './interfaces.js';
import { chartMode, type PublishedReport, publish } from './publish.js';

async function portRecords(
  deps: ReportDeps,
  ports: readonly Port[],
  from: string,
  to: string,
  kinds: { staffing?: boolean; equipment?: boolean },
): Promise<Array<PortPeriodRecords & { equipment: Equipment[] }>> {
  return mapWithConcurrency(ports, 6, async (port) => {
    const [inspections, staffing, equipment] = await Promise.all([
      deps.records.inspections(port.code, from, to),
      kinds.staffing ? deps.records.records(port.code, 'staffing', from, to) : [],
      kinds.equipment ? deps.records.records(port.code, 'equipment', from, to) : [],
    ]);
    return {
      port,
      inspections,
      staffing: staffing.map((r) => r.data as Staffing),
      equipment: equipment.map((r) => r.data as Equipment),
    };
  });
}

const COLORS = { mexico: '#b35c00', canada: '#1f5fa8', cost: '#7a7a7a', seized: '#2e7d32' };

export function costBenefitCharts(analysis: CostBenefitAnalysis): ChartRequest[] {
  const { period } = analysis;
  const bars = analysis.borders.flatMap((b) => [
    { border: b.name, measure: 'Staff cost', usd: b.current.staffCostUsd },
    { border: b.name, measure: 'Currency seized', usd: b.current.currencySeizedUsd },
    { border: b.name, measure: 'Other seizures (valued)', usd: b.current.valuedSeizuresUsd },
  ]);
  const perSeizure = analysis.ports
    .filter((p) => p.current.costPerSeizureUsd !== null)
    .sort((a, b) => (a.current.costPerSeizureUsd ?? 0) - (b.current.costPerSeizureUsd ?? 0))
    .slice(0, 15)
    .map((p) => ({ port: `${p.name} (${p.scope})`, usd: p.current.costPerSeizureUsd ?? 0 }));
  const dates = `${period.from} to ${period.to}`;
  return [
    {
      name: 'cost-by-border',
      title: 'Staff cost against what was seized, by border',
      subtitle: `US dollars, ${dates}`,
      alt: `Bar chart, ${dates}: ${bars.map((b) => `${b.border} ${b.measure.toLowerCase()} $${Math.round(b.usd).toLocaleString('en-US')}`).join('; ')}.`,
      legend: [
        { name: 'Staff cost', color: COLORS.cost },
        { name: 'Currency seized', color: COLORS.seized },
        { name: 'Other seizures (valued)', color: COLORS.mexico },
      ],
      options: (Plot) => ({
        marginLeft: 70,
        fx: { label: null, padding: 0.15 },
        x: { axis: null, domain: ['Staff cost', 'Currency seized', 'Other seizures (valued)'] },
        y: { grid: true, label: 'US dollars', tickFormat: 's' },
        color: {
          domain: ['Staff cost', 'Currency seized', 'Other seizures (valued)'],
          range: [COLORS.cost, COLORS.seized, COLORS.mexico],
        },
        marks: [Plot.barY(bars, { fx: 'border', x: 'measure', y: 'usd', fill: 'measure' }), Plot.ruleY([0])],
      }),
    },
    {
      name: 'cost-per-seizure',
      title: 'Staff cost per seizure, by port',
      subtitle: `US dollars per seizure, ${dates}; the 15 lowest of ${analysis.ports.filter((p) => p.current.costPerSeizureUsd !== null).length} ports with a seizure`,
      alt: perSeizure.length
        ? `Horizontal bar chart of staff cost per seizure, ${dates}: ${perSeizure.map((p) => `${p.port} $${Math.round(p.usd).toLocaleString('en-US')}`).join('; ')}.`
        : `No port made a seizure between ${dates}.`,
      height: Math.max(120, 40 + perSeizure.length * 20),
      options: (Plot) => ({
        marginLeft: 190,
        x: { grid: true, label: 'US dollars per seizure', tickFormat: 's' },
        y: { label: null, domain: perSeizure.map((p) => p.port) },
        marks: perSeizure.length
          ? [Plot.barX(perSeizure, { x: 'usd', y: 'port', fill: COLORS.canada }), Plot.ruleX([0])]
          : [Plot.text(['No seizures in the period'], { frameAnchor: 'middle', fontSize: 14 })],
      }),
    },
  ];
}

/** The cost-benefit analysis of a quarter (2026-Q3) or fiscal year (FY2026); the last complete quarter by default. */
export async function runCostBenefit(
  deps: ReportDeps,
  options: { period?: string; today?: string } = {},
): Promise<PublishedReport & { national: CostBenefitAnalysis['national'] }> {
  const today = options.today ?? deps.now().toISOString().slice(0, 10);
  const named = options.period ? periodNamed(options.period) : lastCompleteQuarter(today);
  if (!named) throw new Error(`not a period: ${options.period}`);
  const period = toDate(named, today);
  const previousPeriod = yearBefore(period);
  const [registry, timeline, { policy }, surges] = await Promise.all([
    deps.ports(),
    deps.policyHistory(),
    deps.policy.get(),
    deps.surges.byStatus('COMPLETED'),
  ]);
  const ports = registry.all();
  const [current, previous] = await Promise.all([
    portRecords(deps, ports, period.from, period.to, { staffing: true }),
    portRecords(deps, ports, previousPeriod.from, previousPeriod.to, { staffing: true }),
  ]);
  const analysis = costBenefit({
    period,
    previousPeriod,
    current: current.filter((r) => r.inspections.length + r.staffing.length > 0 || r.port.active),
    previous,
    timeline,
    policy,
    surges,
    generatedAt: deps.now().toISOString(),
  });
  const integritySection = await gatherIntegrity(deps, current, period.from, period.to);
  const charts = await renderAll(costBenefitCharts(analysis));
  const published = await publish(deps, {
    kind: 'cost-benefit',
    period: period.id,
    subject: `Outbound cost-benefit analysis, ${period.id} (${period.from} to ${period.to})`,
    html: (mode) => costBenefitHtml(analysis, integritySection, charts, chartMode(mode)),
    csv: { name: 'cost-benefit.csv', content: costBenefitCsv(analysis) },
    charts,
  });
  return { ...published, national: analysis.national };
}

async function renderAll(requests: readonly ChartRequest[]): Promise<RenderedChart[]> {
  const charts: RenderedChart[] = [];
  for (const request of requests) charts.push(await renderChart(request));
  return charts;
}

export function infrastructureCharts(assessment: InfrastructureAssessment, registry: readonly Port[]): ChartRequest[] {
  const { period } = assessment;
  const dates = `${period.from} to ${period.to}`;
  const ranked = assessment.ranked
    .slice(0, 12)
    .map((p) => ({ port: `${p.name} (${p.portCode})`, score: p.problemScore }));
  const byCode = new Map(registry.map((p) => [p.code, p]));
  const dots = assessment.ports.flatMap((p) => {
    const port = byCode.get(p.portCode);
    if (!port || (p.assets.length === 0 && p.inspections === 0)) return [];
    const hours = p.connectivityDownMinutes / 60;
    return [
      {
        ...port,
        size: Math.max(0.5, hours),
        category: hours === 0 ? 'No network downtime' : hours < 8 ? 'Under 8 h down' : '8 h or more down',
      },
    ];
  });
  return [
    {
      name: 'problem-ranking',
      title: 'Ports where technology most likely holds inspections back',
      subtitle: `Problem score 0–1 (see the method below), ${dates}`,
      alt: ranked.length
        ? `Horizontal bar chart, ${dates}: ${ranked.map((r) => `${r.port} ${r.score}`).join('; ')}.`
        : `No port showed technology or connectivity problems between ${dates}.`,
      height: Math.max(120, 40 + ranked.length * 20),
      options: (Plot) => ({
        marginLeft: 190,
        x: { grid: true, label: 'Problem score (0–1)', domain: [0, 1] },
        y: { label: null, domain: ranked.map((r) => r.port) },
        marks: ranked.length
          ? [Plot.barX(ranked, { x: 'score', y: 'port', fill: '#c0392b' }), Plot.ruleX([0])]
          : [Plot.text(['No problems reported'], { frameAnchor: 'middle', fontSize: 14 })],
      }),
    },
    portMap({
      name: 'connectivity-map',
      title: 'Network downtime by port',
      subtitle: `Hours the network was reported down, ${dates}; dot size by hours`,
      alt: `Map of the ports reporting, ${dates}: ${dots.filter((d) => d.size > 0.5).length} with network downtime, largest ${[
        ...dots,
      ]
        .sort((a, b) => b.size - a.size)
        .slice(0, 3)
        .map((d) => `${d.name} ${Math.round(d.size * 10) / 10} h`)
        .join(', ')}.`,
      ports: dots,
      categories: [
        { name: 'No network downtime', color: '#2e7d32' },
        { name: 'Under 8 h down', color: '#d08a00' },
        { name: '8 h or more down', color: '#c0392b' },
      ],
      sizeLabel: 'Hours down',
    }),
  ];
}

/** The infrastructure and connectivity assessment of a month (2026-11); the last complete month by default. */
export async function runInfrastructure(
  deps: ReportDeps,
  options: { period?: string; today?: string } = {},
): Promise<PublishedReport & { ranked: string[] }> {
  const today = options.today ?? deps.now().toISOString().slice(0, 10);
  const named = options.period ? periodNamed(options.period) : lastCompleteMonth(today);
  if (!named) throw new Error(`not a period: ${options.period}`);
  const period: Period = toDate(named, today);
  const [registry, timeline] = await Promise.all([deps.ports(), deps.policyHistory()]);
  const ports = registry.all();
  const records = await portRecords(deps, ports, period.from, period.to, { equipment: true });
  const days = daysBetween(period.from, period.to).length;
  const assessment = assess({
    period,
    ports: records
      .filter((r) => r.port.active || r.inspections.length + r.equipment.length > 0)
      .map((r) => ({
        port: r.port,
        equipment: r.equipment,
        inspections: r.inspections,
        days,
        minimumDaysPerWeek: minimumDaysPerWeek(policyOn(timeline, period.to), r.port),
      })),
    generatedAt: deps.now().toISOString(),
  });
  const charts = await renderAll(infrastructureCharts(assessment, ports));
  const published = await publish(deps, {
    kind: 'infrastructure',
    period: period.id,
    subject: `Outbound infrastructure and connectivity assessment, ${period.id} (${period.from} to ${period.to})`,
    html: (mode) => infrastructureHtml(assessment, charts, chartMode(mode)),
    csv: { name: 'infrastructure.csv', content: infrastructureCsv(assessment) },
    charts,
  });
  return { ...published, ranked: assessment.ranked.map((p) => p.portCode) };
}
