// metrics.window, metrics.history, metrics.scale: the nightly recompute against the records it must read.
import { addDays, daysBetween } from '../../functions/domain/metrics.js';
import { createJobDeps } from '../../functions/jobs/deps.js';
import type { MetricsDeps } from '../../functions/metrics/interfaces.js';
import { DEFAULT_LOOKBACK_DAYS, recomputeMetrics } from '../../functions/metrics/recompute.js';
import { outsideDocuments } from '../../local/outside-clients.js';
import type { BenchCloud } from '../cloud.js';
import { results, round } from '../results.js';
import { seedRecords } from '../seed.js';

/**
 * Recomputes the 14-day window as the nightly job does; seconds, the fastest of `runs` (the machine's noise only
 * ever adds time: single runs of the same recompute here vary by ±15%). The seeding around them is most of the
 * benchmark's time, so the runs are few.
 */
async function recomputeSeconds(
  deps: MetricsDeps,
  today: string,
  runs: number,
): Promise<{ seconds: number; inspections: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let inspections = 0;
  for (let run = 0; run < runs; run++) {
    const t = performance.now();
    inspections = (await recomputeMetrics(deps, { today })).inspections;
    seconds = Math.min(seconds, (performance.now() - t) / 1000);
  }
  return { seconds, inspections };
}

export async function metricsBenchmarks(cloud: BenchCloud) {
  const e = cloud.endpoints;
  const db = outsideDocuments(e);
  const table = e.tables.records as string;
  const deps = createJobDeps();
  const ports = (await deps.ports()).all().map((p) => p.code);
  const today = new Date().toISOString().slice(0, 10);
  const window = daysBetween(addDays(today, -(DEFAULT_LOOKBACK_DAYS - 1)), today);
  const history = daysBetween(addDays(today, -(DEFAULT_LOOKBACK_DAYS + 365)), addDays(today, -DEFAULT_LOOKBACK_DAYS));
  const inWindow = 200_000;
  const seeding: Record<string, number> = {};
  // the records the earlier benchmarks stored in this window count towards its 200,000 (this run also warms the code)
  const before = (await recomputeMetrics(deps, { today })).inspections;
  const toSeed = Math.max(0, inWindow - before);

  seeding.window = Math.round(await seedRecords(db, table, ports, window, toSeed, 'w'));
  const base = await recomputeSeconds(deps, today, 3);
  results['metrics.window'] = {
    value: round(base.seconds, 2),
    unit: 's',
    budget: 'report',
    ok: base.inspections === before + toSeed,
    detail: { ports: ports.length, inWindowRecords: base.inspections, days: window.length },
  };

  seeding.history = Math.round(await seedRecords(db, table, ports, history, inWindow * 5, 'h'));
  const withHistory = await recomputeSeconds(deps, today, 3);
  results['metrics.history'] = {
    value: round(withHistory.seconds, 2),
    unit: 's',
    baseline: round(base.seconds, 2),
    ratio: round(withHistory.seconds / base.seconds),
    budget: 'ratio ≤ 1.15',
    ok: withHistory.seconds / base.seconds <= 1.15 && withHistory.inspections === base.inspections,
    detail: { outOfWindowRecords: inWindow * 5, inWindowRecords: withHistory.inspections },
  };

  seeding.scale = Math.round(await seedRecords(db, table, ports, window, inWindow, 's'));
  const doubled = await recomputeSeconds(deps, today, 1);
  results['metrics.scale'] = {
    value: round(doubled.seconds, 2),
    unit: 's',
    baseline: round(base.seconds, 2),
    ratio: round(doubled.seconds / base.seconds),
    budget: 'ratio ≤ 2.2',
    ok: doubled.seconds / base.seconds <= 2.2 && doubled.inspections === base.inspections + inWindow,
    detail: { inWindowRecords: doubled.inspections, seedingRecordsPerSecond: seeding },
  };
  db.destroy();
}
