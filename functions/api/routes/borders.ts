// GET /metrics/borders: the figures of GET /metrics summed over each border's ports, for the national overview.
import { NATIONAL } from '../../adapters/metrics-store.js';
import { ValidationError } from '../../domain/errors.js';
import { addDays, addFigures, type DailyFigures, rollUp } from '../../domain/metrics.js';
import { BORDERS } from '../../domain/ports.js';
import { mapWithConcurrency } from '../../shared/concurrency.js';
import { SharedValue } from '../../shared/shared-value.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import type { Route } from '../router.js';
import { parseInput } from '../validation.js';
import { MetricsQuery } from './metrics.js';

const PORT_READS_IN_FLIGHT = 16;

/** One answer per range and metrics run, shared by every caller of this container until the metrics change. */
const answers = new SharedValue<unknown>();

export function borderRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'GET',
      path: '/metrics/borders',
      roles: ['hq', 'investigator'],
      summary: 'the figures of GET /metrics for each border (the sum of its ports), every period present',
      handle: async (request) => {
        const query = parseInput(MetricsQuery, request.query, 'query');
        if (query.port)
          throw new ValidationError('by border takes no port', [{ field: 'port', message: 'leave port out' }]);
        const { reporting, referenceData, metricsVersion, ports } = request.deps;
        const computedAt = await metricsVersion.computedAt(NATIONAL, new Date().toISOString().slice(0, 10));
        const key = `${query.from}|${query.to}|${query.granularity}|${computedAt ?? 'never'}`;
        const body = await answers.get(key, async () => {
          const [{ policy }, registry] = await Promise.all([
            referenceData.policy(() => reporting.policy.get()),
            ports.registry(),
          ]);
          const all = registry.all();
          const dailies = await mapWithConcurrency(all, PORT_READS_IN_FLIGHT, (port) =>
            reporting.metrics.daily(port.code, query.from, query.to),
          );
          const byBorder = new Map<string, Map<string, DailyFigures>>(BORDERS.map((b) => [b, new Map()]));
          all.forEach((port, index) => {
            const sums = byBorder.get(port.border) as Map<string, DailyFigures>;
            for (const [day, figures] of dailies[index] ?? []) {
              const sum = sums.get(day);
              sums.set(day, sum ? addFigures(sum, figures) : figures);
            }
          });
          return {
            from: query.from,
            to: query.to,
            granularity: query.granularity,
            borders: BORDERS.map((border) => ({
              border,
              ports: all.filter((port) => port.border === border).length,
              periods: rollUp(
                byBorder.get(border) as Map<string, DailyFigures>,
                query,
                query.granularity,
                policy.staffHourCostUsd,
              ),
            })),
          };
        });
        return json(200, body);
      },
    },
  ];
}

export interface MapFields {
  latitude: number | null;
  longitude: number | null;
  /** Exits over the trailing 28 days (the map sizes each port by them). */
  exits28: number;
}

/** What the national map needs beside each compliance row: where the port is, and its traffic. */
export async function withMapFields<Row extends { portCode: string }>(
  rows: Row[],
  deps: Pick<ApiDeps, 'ports' | 'reporting'>,
  today: string,
): Promise<Array<Row & MapFields>> {
  const registry = await deps.ports.registry();
  const from = addDays(today, -27);
  const exits = await mapWithConcurrency(rows, PORT_READS_IN_FLIGHT, async (row) => {
    let total = 0;
    for (const figures of (await deps.reporting.metrics.daily(row.portCode, from, today)).values())
      total += figures.exits;
    return total;
  });
  return rows.map((row, index) => {
    const port = registry.get(row.portCode);
    return {
      ...row,
      latitude: port?.latitude ?? null,
      longitude: port?.longitude ?? null,
      exits28: exits[index] ?? 0,
    };
  });
}
