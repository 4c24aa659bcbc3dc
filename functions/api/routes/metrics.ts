import * as z from 'zod/mini';
import '../../domain/zod-locale.js';
import { complianceMap } from '../../compliance/standings.js';
import { isPortScoped, requirePort } from '../../domain/auth.js';
import { ValidationError } from '../../domain/errors.js';
import { daysBetween, GRANULARITIES, NATIONAL } from '../../domain/metrics.js';
import { once } from '../../domain/once.js';
import { policySchema } from '../../domain/policy.js';
import { figuresWithOutcomes } from '../../metrics/figures.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { optionalPortQuery, parseInput } from '../validation.js';

export const MAX_RANGE_DAYS = 400;

/** The query of a figures request (`GET /metrics`, `GET /metrics/borders`). */
export const MetricsQuery = once(() =>
  z
    .object({
      port: optionalPortQuery(),
      from: z.iso.date('from must be a date, e.g. 2026-11-01'),
      to: z.iso.date('to must be a date, e.g. 2026-11-07'),
      granularity: z._default(z.enum(GRANULARITIES, 'granularity must be day, week or month'), 'day'),
    })
    .check(
      z.refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not be before from' }),
      z.refine((q) => q.from > q.to || daysBetween(q.from, q.to).length <= MAX_RANGE_DAYS, {
        path: ['to'],
        message: `the range is at most ${MAX_RANGE_DAYS} days`,
      }),
    ),
);

const PolicyUpdate = once(() =>
  z.strictObject({
    policy: policySchema(),
    version: z.int().check(z.minimum(0, 'version is the one you read (GET /policy)')),
    /** Why the policy changes: kept in the policy's history (the console asks for it). */
    reason: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.minLength(3, 'say why the policy changes'),
          z.maxLength(500, 'the reason is at most 500 characters'),
        ),
    ),
  }),
);

export function metricsRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      roles: ['officer', 'supervisor', 'hq', 'investigator'],
      summary: 'per-port (or national) figures per day, ISO week or month, every period present',
      handle: async (request) => {
        const caller = callerOf(request);
        const query = parseInput(MetricsQuery(), request.query, 'query');
        const port = query.port ?? (isPortScoped(caller) ? caller.port : undefined);
        if (port) {
          requirePort(caller, port);
          if (!(await request.deps.ports.registry()).isKnown(port))
            throw new ValidationError('unknown port', [
              { field: 'port', message: `${port} is not in the port registry` },
            ]);
        }
        const { figures, referenceData, surges: operations, referrals } = request.deps;
        const periods = await figuresWithOutcomes(
          {
            metrics: figures.metrics,
            policy: () => referenceData.policy(() => figures.policy.get()),
            referrals,
            completedSurges: () => referenceData.completedSurges(() => operations.byStatus('COMPLETED')),
          },
          port,
          query,
          new Date(),
        );
        return json(200, {
          port: port ?? null,
          granularity: query.granularity,
          from: query.from,
          to: query.to,
          periods,
        });
      },
    },
    {
      method: 'GET',
      path: '/compliance',
      roles: ['officer', 'supervisor', 'hq', 'investigator'],
      summary: 'every active port against its minimum inspection frequency (trailing 7 and 28 days)',
      handle: async (request) => {
        const caller = callerOf(request);
        const today = new Date().toISOString().slice(0, 10);
        const { figures, complianceCache, metricsVersion } = request.deps;
        const [{ version }, metricsComputedAt] = await Promise.all([
          figures.policy.get(),
          metricsVersion.computedAt(NATIONAL, today),
        ]);
        const all = await complianceCache.rows({ today, policyVersion: version, metricsComputedAt }, async () =>
          complianceMap(figures, today),
        );
        const rows = all.filter((row) => !isPortScoped(caller) || row.portCode === caller.port);
        return json(200, {
          asOf: new Date().toISOString().slice(0, 10),
          ports: rows,
          belowMinimum: rows.filter((r) => !r.compliant7).length,
        });
      },
    },
    {
      method: 'GET',
      path: '/policy',
      roles: ['officer', 'supervisor', 'hq', 'investigator'],
      summary: 'the minimum inspection frequencies and the staff-hour cost, with the change history',
      handle: async (request) => {
        const current = await request.deps.figures.policy.get();
        return json(200, {
          ...current,
          history: request.principal?.role === 'hq' ? await request.deps.policies.history() : undefined,
        });
      },
    },
    {
      method: 'PUT',
      path: '/policy',
      roles: ['hq'],
      summary: 'replace the policy (send the version you read; every change is audited)',
      handle: async (request) => {
        const caller = callerOf(request);
        const input = parseInput(PolicyUpdate(), request.body, 'policy');
        const version = await request.deps.policies.put(
          input.policy,
          input.version,
          caller,
          new Date().toISOString(),
          input.reason,
        );
        request.deps.referenceData.policyChanged();
        return json(200, { policy: input.policy, version });
      },
    },
  ];
}
