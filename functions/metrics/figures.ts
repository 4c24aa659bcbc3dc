// The figures GET /metrics and GET /metrics/borders answer: a port's (or the nation's) daily figures rolled up to
// days, weeks or months with the referrals' and operations' outcomes beside them, and the same summed by border.
import {
  addFigures,
  type DailyFigures,
  type Granularity,
  NATIONAL,
  NO_OUTCOMES,
  outcomesByPeriod,
  rollUp,
} from '../domain/metrics.js';
import type { Policy } from '../domain/policy.js';
import { BORDERS, type PortRegistry } from '../domain/ports.js';
import type { Surge } from '../domain/surges.js';
import type { ReferralRepository } from '../referrals/interfaces.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { MetricsStore } from './interfaces.js';

const PORT_READS_IN_FLIGHT = 16;

export interface FiguresQuery {
  from: string;
  to: string;
  granularity: Granularity;
}

export interface FiguresDeps {
  metrics: Pick<MetricsStore, 'daily'>;
  /** The policy in force (its staff-hour cost prices the hours). */
  policy: () => Promise<{ policy: Policy }>;
}

/** A port's figures (the nation's without one) per period, each with its referrals' and operations' outcomes. */
export async function figuresWithOutcomes(
  deps: FiguresDeps & {
    referrals: Pick<ReferralRepository, 'openedBetween'>;
    /** The completed operations. */
    completedSurges: () => Promise<Surge[]>;
  },
  port: string | undefined,
  query: FiguresQuery,
  now: Date,
) {
  const [{ policy }, daily, referrals, surges] = await Promise.all([
    deps.policy(),
    deps.metrics.daily(port ?? NATIONAL, query.from, query.to),
    deps.referrals.openedBetween(port, query.from, query.to),
    deps.completedSurges(),
  ]);
  const outcomes = outcomesByPeriod(
    referrals.map((r) => ({
      createdAt: r.createdAt,
      status: r.status,
      decidedAt: r.decision?.at,
      slaDueAt: r.slaDueAt,
    })),
    surges
      .filter(
        (s) =>
          (!port || s.ports.includes(port)) && s.start.slice(0, 10) >= query.from && s.start.slice(0, 10) <= query.to,
      )
      .map((s) => ({ start: s.start, status: s.status, lift: s.results?.lift ?? null })),
    query.granularity,
    now,
  );
  return rollUp(daily, query, query.granularity, policy.staffHourCostUsd).map((p) => ({
    ...p,
    ...(outcomes.get(p.period) ?? NO_OUTCOMES),
  }));
}

/** The figures of each border: the sum of its ports', every period present. */
export async function figuresByBorder(deps: FiguresDeps & { ports: () => Promise<PortRegistry> }, query: FiguresQuery) {
  const [{ policy }, registry] = await Promise.all([deps.policy(), deps.ports()]);
  const all = registry.all();
  const dailies = await mapWithConcurrency(all, PORT_READS_IN_FLIGHT, (port) =>
    deps.metrics.daily(port.code, query.from, query.to),
  );
  const byBorder = new Map<string, Map<string, DailyFigures>>(BORDERS.map((b) => [b, new Map()]));
  all.forEach((port, index) => {
    const sums = byBorder.get(port.border) as Map<string, DailyFigures>;
    for (const [day, figures] of dailies[index] ?? []) {
      const sum = sums.get(day);
      sums.set(day, sum ? addFigures(sum, figures) : figures);
    }
  });
  return BORDERS.map((border) => ({
    border,
    ports: all.filter((port) => port.border === border).length,
    periods: rollUp(
      byBorder.get(border) as Map<string, DailyFigures>,
      query,
      query.granularity,
      policy.staffHourCostUsd,
    ),
  }));
}
