import * as z from 'zod/mini';
import '../../domain/zod-locale.js';
import { isPortScoped, type Principal } from '../../domain/auth.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { once } from '../../domain/once.js';
import { canSeeSurge, portView, SURGE_STATUSES, type Surge, surgeRequestSchema } from '../../domain/surges.js';
import { cancelSurge } from '../../surges/cancel.js';
import { scheduleSurge } from '../../surges/schedule.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { optionalPortQuery, parseInput } from '../validation.js';

const ListQuery = once(() =>
  z.object({
    status: z.optional(z.enum(SURGE_STATUSES, `status must be one of ${SURGE_STATUSES.join(', ')}`)),
    port: optionalPortQuery(),
  }),
);
const CancelInput = once(() =>
  z.strictObject({
    reason: z
      .string('reason is required')
      .check(z.trim(), z.minLength(3, 'say why the operation is cancelled'), z.maxLength(2000)),
  }),
);
const ID = /^surge-[a-f0-9-]{36}$/;

function forCaller(caller: Principal, surge: Surge) {
  return isPortScoped(caller) && caller.port ? portView(surge, caller.port) : surge;
}

async function visible(deps: ApiDeps, caller: Principal, id: string | undefined): Promise<Surge> {
  if (!id || !ID.test(id))
    throw new ValidationError('invalid operation id', [
      { field: 'id', message: 'an operation id looks like surge-<uuid>' },
    ]);
  const surge = await deps.surges.get(id);
  if (!surge || !canSeeSurge(caller, surge)) throw new NotFoundError(`no operation ${id}`);
  return surge;
}

export function surgeRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'POST',
      path: '/surges',
      roles: ['hq'],
      summary: 'schedule a pulse-and-surge operation (random or intelligence), at most 14 days, starting in the future',
      handle: async (request) => {
        const caller = callerOf(request);
        const input = parseInput(surgeRequestSchema(), request.body, 'operation');
        const surge = await scheduleSurge(request.deps, input, caller.subject);
        return json(202, { surgeId: surge.surgeId, status: 'REQUESTED', links: { self: `/surges/${surge.surgeId}` } });
      },
    },
    {
      method: 'GET',
      path: '/surges',
      roles: ['supervisor', 'hq'],
      summary: 'operations by status and port (supervisors: those at their port)',
      handle: async (request) => {
        const caller = callerOf(request);
        const query = parseInput(ListQuery(), request.query, 'query');
        const statuses = query.status ? [query.status] : SURGE_STATUSES;
        const all = (await Promise.all(statuses.map((status) => request.deps.surges.byStatus(status)))).flat();
        const surges = all
          .filter((s) => canSeeSurge(caller, s) && (!query.port || s.ports.includes(query.port)))
          .sort((a, b) => b.start.localeCompare(a.start));
        return json(200, { surges: surges.map((s) => forCaller(caller, s)), count: surges.length });
      },
    },
    {
      method: 'GET',
      path: '/surges/{id}',
      roles: ['supervisor', 'hq'],
      summary: 'one operation: ports, seed, weights, status history, results',
      handle: async (request) => {
        const caller = callerOf(request);
        const surge = await visible(request.deps, caller, request.params.id);
        const history = await request.deps.surges.historyOf(surge.surgeId);
        if (!isPortScoped(caller)) return json(200, { ...surge, history });
        return json(200, {
          ...forCaller(caller, surge),
          history: history.map(({ at, status }) => ({ at, status })),
        });
      },
    },
    {
      method: 'POST',
      path: '/surges/{id}/cancel',
      roles: ['hq'],
      summary: 'cancel an operation that has not completed, saying why',
      handle: async (request) => {
        const caller = callerOf(request);
        const surge = await visible(request.deps, caller, request.params.id);
        const { reason } = parseInput(CancelInput(), request.body, 'cancellation');
        const cancelled = await cancelSurge(request.deps, surge, caller.subject, reason, new Date().toISOString());
        return json(200, {
          surgeId: surge.surgeId,
          status: 'CANCELLED',
          cancelled,
        });
      },
    },
  ];
}
