// GET /metrics/borders: the figures of GET /metrics summed over each border's ports, for the national overview.
import { ValidationError } from '../../domain/errors.js';
import { NATIONAL } from '../../domain/metrics.js';
import { figuresByBorder } from '../../metrics/figures.js';
import { SharedValue } from '../../shared/shared-value.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import type { Route } from '../router.js';
import { parseInput } from '../validation.js';
import { MetricsQuery } from './metrics.js';

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
        const query = parseInput(MetricsQuery(), request.query, 'query');
        if (query.port)
          throw new ValidationError('by border takes no port', [{ field: 'port', message: 'leave port out' }]);
        const { figures, referenceData, metricsVersion, ports } = request.deps;
        const computedAt = await metricsVersion.computedAt(NATIONAL, new Date().toISOString().slice(0, 10));
        const key = `${query.from}|${query.to}|${query.granularity}|${computedAt ?? 'never'}`;
        const body = await answers.get(key, async () => ({
          from: query.from,
          to: query.to,
          granularity: query.granularity,
          borders: await figuresByBorder(
            {
              metrics: figures.metrics,
              policy: () => referenceData.policy(() => figures.policy.get()),
              ports: () => ports.registry(),
            },
            query,
          ),
        }));
        return json(200, body);
      },
    },
  ];
}
