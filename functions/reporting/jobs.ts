// The scheduled jobs: the nightly metrics recompute, the daily compliance check, the weekly headquarters report.
import type { MetricsStore, PolicyStore, RecordReader, UploadQuality } from '../adapters/metrics-store.js';
import { NATIONAL } from '../adapters/metrics-store.js';
import type { ReferralRepository } from '../adapters/referral-repository.js';
import { portStandings, type StandingsDeps } from '../compliance/standings.js';
import { addDays, addFigures, type DailyFigures, dailyFigures, daysBetween, ZERO } from '../domain/metrics.js';
import type { ComplianceRow } from '../domain/policy.js';
import type { PortRegistry } from '../domain/ports.js';
import type { Equipment, Staffing, Traffic } from '../domain/records/schemas.js';
import { mapWithConcurrency } from '../shared/concurrency.js';

export const DEFAULT_LOOKBACK_DAYS = 14;

export interface MetricsDeps {
  records: Pick<RecordReader, 'records' | 'inspections'>;
  metrics: Pick<MetricsStore, 'putDaily' | 'daily' | 'lastInspectionDays' | 'noteInspectionDay'>;
  quality: Pick<UploadQuality, 'byDay'>;
  policy: Pick<PolicyStore, 'get'>;
  ports: () => Promise<PortRegistry>;
  now: () => Date;
}

export interface RecomputeResult {
  from: string;
  to: string;
  ports: number;
  rowsWritten: number;
  inspections: number;
}

/** Recomputes every port's daily figures over the look-back window from the stored records, and the national sums. */
export async function recomputeMetrics(
  deps: MetricsDeps,
  options: { lookbackDays?: number; today?: string } = {},
): Promise<RecomputeResult> {
  const to = options.today ?? deps.now().toISOString().slice(0, 10);
  const from = addDays(to, -((options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) - 1));
  const days = daysBetween(from, to);
  const ports = (await deps.ports()).all();
  const national = new Map<string, DailyFigures>(days.map((day) => [day, { ...ZERO }]));
  const computedAt = deps.now().toISOString();
  let rowsWritten = 0;
  let inspections = 0;

  await mapWithConcurrency(ports, 4, async (port) => {
    const [inspected, traffic, staffing, equipment, quality] = await Promise.all([
      deps.records.inspections(port.code, from, to),
      deps.records.records(port.code, 'traffic', from, to),
      deps.records.records(port.code, 'staffing', from, to),
      deps.records.records(port.code, 'equipment', from, to),
      deps.quality.byDay(port.code, from, to),
    ]);
    if (inspected.length + traffic.length + staffing.length + equipment.length + quality.size === 0) return;
    const rows = days.map((day) => {
      const figures = dailyFigures({
        inspections: inspected.filter((r) => r.day === day),
        traffic: traffic.filter((r) => r.day === day).map((r) => r.data as Traffic),
        staffing: staffing.filter((r) => r.day === day).map((r) => r.data as Staffing),
        equipment: equipment.filter((r) => r.day === day).map((r) => r.data as Equipment),
        rejectedRecords: quality.get(day)?.rejected ?? 0,
        conflictingRecords: quality.get(day)?.conflicts ?? 0,
      });
      national.set(day, addFigures(national.get(day) ?? { ...ZERO }, figures));
      return { scope: port.code, day, figures };
    });
    await deps.metrics.putDaily(rows, computedAt);
    rowsWritten += rows.length;
    inspections += inspected.length;
    const lastDay = [...new Set(inspected.map((r) => r.day))].sort().at(-1);
    if (lastDay) await deps.metrics.noteInspectionDay(port.code, lastDay);
  });

  await deps.metrics.putDaily(
    days.map((day) => ({ scope: NATIONAL, day, figures: national.get(day) ?? { ...ZERO } })),
    computedAt,
  );
  return { from, to, ports: ports.length, rowsWritten: rowsWritten + days.length, inspections };
}

/** Every active port's inspection days against its minimum, on `today`. */
export async function compliance(deps: StandingsDeps, today: string): Promise<ComplianceRow[]> {
  return (await portStandings(deps, today)).map((standing) => standing.compliance);
}

export type ReferralReader = Pick<ReferralRepository, 'list'>;
