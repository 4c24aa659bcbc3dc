// Every port's standing against the policy: the compliance check, the weekly report and surge selection read it.
import { addDays, type DailyFigures, totalOver } from '../domain/metrics.js';
import { type ComplianceRow, complianceOf, type Policy } from '../domain/policy.js';
import type { Port, PortRegistry } from '../domain/ports.js';
import { mapWithConcurrency } from '../shared/concurrency.js';

export interface PortStanding {
  port: Port;
  compliance: ComplianceRow;
  /** Seizures per inspection over the trailing 28 days; null without inspections. */
  hitRate: number | null;
  /** The port's daily figures over those 28 days (ending `today`). */
  daily: ReadonlyMap<string, DailyFigures>;
}

/** What reading the ports' standings needs: the daily figures, the policy and the registry. */
export interface StandingsDeps {
  metrics: {
    daily(scope: string, from: string, to: string): Promise<Map<string, DailyFigures>>;
    /** Each port's last day with an inspection. */
    lastInspectionDays(): Promise<ReadonlyMap<string, string>>;
  };
  policy: { get(): Promise<{ policy: Policy }> };
  ports: () => Promise<PortRegistry>;
}

/** Every active port's standing on `today`: inspection days against its minimum, and its recent hit rate. */
export async function portStandings(deps: StandingsDeps, today: string): Promise<PortStanding[]> {
  const [{ policy }, registry, last] = await Promise.all([
    deps.policy.get(),
    deps.ports(),
    deps.metrics.lastInspectionDays(),
  ]);
  const from = addDays(today, -27);
  return mapWithConcurrency(registry.active(), 8, async (port) => {
    const daily = await deps.metrics.daily(port.code, from, today);
    const inspected = new Set([...daily.entries()].filter(([, f]) => f.inspections > 0).map(([day]) => day));
    return {
      port,
      compliance: complianceOf(port, policy, inspected, last.get(port.code) ?? null, today),
      hitRate: totalOver(daily, { from, to: today }, policy.staffHourCostUsd).hitRate,
      daily,
    };
  });
}
