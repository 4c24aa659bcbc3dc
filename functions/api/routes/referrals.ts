import * as z from 'zod/mini';
import '../../domain/zod-locale.js';
import { isPortScoped, type Principal } from '../../domain/auth.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { once } from '../../domain/once.js';
import {
  agencyResponseInputSchema,
  canSeeReferral,
  decisionInputSchema,
  REFERRAL_STATUSES,
  type Referral,
} from '../../domain/referrals.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { optionalPortQuery, parseId, parseInput } from '../validation.js';

const ListQuery = once(() =>
  z.object({
    status: z.optional(z.enum(REFERRAL_STATUSES, `status must be one of ${REFERRAL_STATUSES.join(', ')}`)),
    port: optionalPortQuery(),
  }),
);

async function visibleReferral(deps: ApiDeps, caller: Principal, id: string | undefined): Promise<Referral> {
  const referral = await deps.referrals.get(parseId(id, 'referral'));
  if (!referral || !canSeeReferral(caller, referral)) throw new NotFoundError(`no referral ${id}`);
  return referral;
}

export function referralRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'GET',
      path: '/referrals',
      roles: ['supervisor', 'hq', 'investigator'],
      summary: 'referrals by status and port (supervisors: their port; investigators: those routed to their agency)',
      handle: async (request) => {
        const caller = callerOf(request);
        const query = parseInput(ListQuery(), request.query, 'query');
        if (isPortScoped(caller) && query.port && query.port !== caller.port)
          throw new ForbiddenError(`a ${caller.role} may read only port ${caller.port}`);
        const port = isPortScoped(caller) ? caller.port : query.port;
        const referrals = (
          await request.deps.referrals.list({
            ...(query.status ? { status: query.status } : {}),
            ...(port ? { port } : {}),
          })
        ).filter((r) => canSeeReferral(caller, r));
        return json(200, { referrals, count: referrals.length });
      },
    },
    {
      method: 'GET',
      path: '/referrals/{id}',
      roles: ['supervisor', 'hq', 'investigator'],
      summary: 'one referral with its audit trail',
      handle: async (request) => {
        const referral = await visibleReferral(request.deps, callerOf(request), request.params.id);
        return json(200, { ...referral, audit: await request.deps.referrals.audit(referral.referralId) });
      },
    },
    {
      method: 'POST',
      path: '/referrals/{id}/decision',
      roles: ['supervisor', 'hq'],
      summary: "the supervisor's decision: approve, or decline with a reason (hq once escalated to hq)",
      handle: async (request) => {
        const caller = callerOf(request);
        const referral = await visibleReferral(request.deps, caller, request.params.id);
        if (caller.role === 'hq' && referral.escalation !== 'hq')
          throw new ForbiddenError('headquarters decides only once the referral is escalated to it');
        const input = parseInput(decisionInputSchema(), request.body, 'decision');
        if (referral.status !== 'PENDING_DECISION')
          throw new ConflictError(`referral ${referral.referralId} is already ${referral.status}`);
        const answer = { ...input, by: caller.subject, role: caller.role, at: new Date().toISOString() };
        await request.deps.answers.answer(referral.referralId, 'decision', answer);
        return json(202, {
          referralId: referral.referralId,
          accepted: answer,
          status: 'the workflow is recording the decision',
        });
      },
    },
    {
      method: 'POST',
      path: '/referrals/{id}/agency-response',
      roles: ['investigator'],
      summary: "the investigating agency's answer: accepted with a case number, or declined with a reason",
      handle: async (request) => {
        const caller = callerOf(request);
        const referral = await visibleReferral(request.deps, caller, request.params.id);
        const input = parseInput(agencyResponseInputSchema(), request.body, 'agency response');
        if (referral.status !== 'ROUTED')
          throw new ConflictError(`referral ${referral.referralId} is ${referral.status}, not waiting for the agency`);
        const answer = {
          ...input,
          by: caller.subject,
          role: caller.role,
          agency: caller.agency,
          at: new Date().toISOString(),
        };
        await request.deps.answers.answer(referral.referralId, 'agency', answer);
        return json(202, {
          referralId: referral.referralId,
          accepted: answer,
          status: 'the workflow is recording the response',
        });
      },
    },
  ];
}
