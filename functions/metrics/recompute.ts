// The nightly metrics recompute: each port's daily figures from its stored records, and the national sums.
import {
  addDays,
  addFigures,
  type DailyFigures,
  dailyFigures,
  daysBetween,
  NATIONAL,
  ZERO,
} from '../domain/metrics.js';
import type { Equipment, Staffing, Traffic } from '../domain/records/schemas.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { MetricsDeps } from './interfaces.js';

export const DEFAULT_LOOKBACK_DAYS = 14;

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
