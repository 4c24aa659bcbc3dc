// Every port's standing against the policy: GET /compliance, the compliance check, the weekly report and surge
// selection read it.
import { addDays, type DailyFigures, totalOver } from '../domain/metrics.js';
import { type ComplianceMapRow, type ComplianceRow, complianceClass, complianceOf } from '../domain/policy.js';
import type { Port } from '../domain/ports.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { StandingsDeps } from './interfaces.js';

export interface PortStanding {
  port: Port;
  compliance: ComplianceRow;
  /** Seizures per inspection over the trailing 28 days; null without inspections. */
  hitRate: number | null;
  /** The port's daily figures over those 28 days (ending `today`). */
  daily: ReadonlyMap<string, DailyFigures>;
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

/** Every active port's inspection days against its minimum, on `today`. */
export async function complianceRows(deps: StandingsDeps, today: string): Promise<ComplianceRow[]> {
  return (await portStandings(deps, today)).map((standing) => standing.compliance);
}

const PORT_READS_IN_FLIGHT = 16;

/** Every active port's compliance row with what the national map needs beside it: where the port is, its traffic. */
export async function complianceMap(deps: StandingsDeps, today: string): Promise<ComplianceMapRow[]> {
  const rows = await complianceRows(deps, today);
  const registry = await deps.ports();
  const from = addDays(today, -27);
  const exits = await mapWithConcurrency(rows, PORT_READS_IN_FLIGHT, async (row) => {
    let total = 0;
    for (const figures of (await deps.metrics.daily(row.portCode, from, today)).values()) total += figures.exits;
    return total;
  });
  return rows.map((row, index) => {
    const port = registry.get(row.portCode);
    return {
      ...row,
      latitude: port?.latitude ?? null,
      longitude: port?.longitude ?? null,
      exits28: exits[index] ?? 0,
      complianceClass: complianceClass(row),
    };
  });
}
