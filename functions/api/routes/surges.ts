import * as z from 'zod';
import type { Surge } from '../../adapters/surge-repository.js';
import { isPortScoped, type Principal } from '../../domain/auth.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { OPEN_STATUSES, SURGE_STATUSES, SurgeRequestSchema } from '../../domain/surges.js';
import { scheduleSurge } from '../../surges/schedule.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { parseInput } from '../validation.js';

const ListQuery = z.object({
  status: z.enum(SURGE_STATUSES, `status must be one of ${SURGE_STATUSES.join(', ')}`).optional(),
  port: z
    .string()
    .regex(/^\d{4}$/, 'port must be 4 digits')
    .optional(),
});
const CancelInput = z
  .object({ reason: z.string('reason is required').trim().min(3, 'say why the operation is cancelled').max(2000) })
  .strict();
const ID = /^surge-[a-f0-9-]{36}$/;

function canSee(caller: Principal, surge: Surge): boolean {
  return !isPortScoped(caller) || (caller.port !== undefined && surge.ports.includes(caller.port));
}

/**
 * What a port's supervisor sees of an operation: when and how it runs at that port. Headquarters' justification,
 * its reasons for cancelling, the other ports and the selection weights stay at headquarters.
 */
export function portView(surge: Surge, port: string) {
  return {
    surgeId: surge.surgeId,
    status: surge.status,
    start: surge.start,
    end: surge.end,
    ports: [port],
    ...(surge.cancelled ? { cancelled: { at: surge.cancelled.at } } : {}),
    createdAt: surge.createdAt,
    updatedAt: surge.updatedAt,
  };
}

function forCaller(caller: Principal, surge: Surge) {
  return isPortScoped(caller) && caller.port ? portView(surge, caller.port) : surge;
}

async function visible(deps: ApiDeps, caller: Principal, id: string | undefined): Promise<Surge> {
  if (!id || !ID.test(id))
    throw new ValidationError('invalid operation id', [
      { field: 'id', message: 'an operation id looks like surge-<uuid>' },
    ]);
  const surge = await deps.surges.get(id);
  if (!surge || !canSee(caller, surge)) throw new NotFoundError(`no operation ${id}`);
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
        const input = parseInput(SurgeRequestSchema, request.body, 'operation');
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
        const query = parseInput(ListQuery, request.query, 'query');
        const statuses = query.status ? [query.status] : SURGE_STATUSES;
        const all = (await Promise.all(statuses.map((status) => request.deps.surges.byStatus(status)))).flat();
        const surges = all
          .filter((s) => canSee(caller, s) && (!query.port || s.ports.includes(query.port)))
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
        const { reason } = parseInput(CancelInput, request.body, 'cancellation');
        if (!OPEN_STATUSES.includes(surge.status))
          throw new ConflictError(`operation ${surge.surgeId} is already ${surge.status}`);
        const at = new Date().toISOString();
        await request.deps.surges.transition(
          surge.surgeId,
          OPEN_STATUSES,
          'CANCELLED',
          { cancelled: { by: caller.subject, reason, at } },
          { by: caller.subject, at, detail: reason },
        );
        if (surge.executionArn) await request.deps.launcher.stop(surge.executionArn, reason);
        return json(200, {
          surgeId: surge.surgeId,
          status: 'CANCELLED',
          cancelled: { by: caller.subject, reason, at },
        });
      },
    },
  ];
}
