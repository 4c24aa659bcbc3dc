// The referral workflow's steps: each one reads and writes the referral and its audit trail, and sends the emails.
import * as z from 'zod/mini';
import '../domain/zod-locale.js';
import { once } from '../domain/once.js';
import type { PortRegistry } from '../domain/ports.js';
import { type ReferralRequest, SEIZABLE } from '../domain/records/rules.js';
import {
  type Addresses,
  AGENCY_LADDER,
  DECISION_LADDER,
  type EmailLinks,
  type EscalationLevel,
  newReferral,
  nextEscalation,
  outcomeEmail,
  type Referral,
  requestEmail,
} from '../domain/referrals.js';
import { parseEvent } from '../shared/parse-event.js';
import type { InspectionReader, Mailer, ReferralRepository } from './interfaces.js';

export interface ReferralTaskDeps {
  referrals: Pick<ReferralRepository, 'create' | 'get' | 'transition'>;
  mailer: Mailer;
  /** The inspection a referral comes from: its finding and when it took place. */
  inspection: InspectionReader['inspection'];
  ports: () => Promise<PortRegistry>;
  addresses: Addresses;
  links: EmailLinks;
  now: () => Date;
}

const WORKFLOW = { actor: 'referral-workflow', role: 'system' };

const Level = once(() => z.enum([...DECISION_LADDER, ...AGENCY_LADDER]));
const What = once(() => z.enum(['decision', 'agency']));
const Answer = once(() =>
  z.object({
    decision: z.optional(z.enum(['approve', 'decline'])),
    accepted: z.optional(z.boolean()),
    reason: z.optional(z.string()),
    caseNumber: z.optional(z.string()),
    by: z.string(),
    role: z.string(),
    /** The answering investigator's agency. */
    agency: z.optional(z.string()),
    at: z.string(),
  }),
);

/** Each step's input, built when a step of its kind first runs. */
const STEP_INPUTS = {
  create: once(() =>
    z.object({
      action: z.literal('create'),
      request: z.object({
        referralId: z.string().check(z.minLength(1)),
        recordId: z.string().check(z.minLength(1)),
        findingIndex: z.int().check(z.minimum(0)),
        findingType: z.enum(SEIZABLE),
        portCode: z.string(),
        agencies: z.array(z.string()),
      }),
    }),
  ),
  await: once(() =>
    z.object({
      action: z.literal('await'),
      what: What(),
      referralId: z.string(),
      token: z.string().check(z.minLength(1)),
      level: Level(),
      slaSeconds: z.int().check(z.positive()),
    }),
  ),
  escalate: once(() =>
    z.object({ action: z.literal('escalate'), what: What(), referralId: z.string(), level: Level() }),
  ),
  'record-decision': once(() =>
    z.object({ action: z.literal('record-decision'), referralId: z.string(), answer: Answer() }),
  ),
  route: once(() => z.object({ action: z.literal('route'), referralId: z.string() })),
  'record-agency-response': once(() =>
    z.object({ action: z.literal('record-agency-response'), referralId: z.string(), answer: Answer() }),
  ),
  fail: once(() =>
    z.object({
      action: z.literal('fail'),
      referralId: z.string(),
      error: z.object({ Error: z.string(), Cause: z.optional(z.string()) }),
    }),
  ),
};
type StepInputs = { [A in keyof typeof STEP_INPUTS]: z.infer<ReturnType<(typeof STEP_INPUTS)[A]>> };
export type TaskInput = StepInputs[keyof StepInputs];

/** All steps as one union by `action`: only an event naming no known step needs it, for the union's own issue. */
const AnyStepInput = once(() =>
  z.discriminatedUnion(
    'action',
    Object.values(STEP_INPUTS).map((input) => input()) as [
      ReturnType<(typeof STEP_INPUTS)['create']>,
      ...ReturnType<(typeof STEP_INPUTS)[keyof typeof STEP_INPUTS]>[],
    ],
  ),
);

/**
 * Parses a step's event as the union of every step's input would (same result, same issues), building only the
 * input of the step the event names.
 */
export function parseTaskInput(event: unknown): TaskInput {
  const action =
    typeof event === 'object' && event !== null && !Array.isArray(event)
      ? (event as { action?: unknown }).action
      : undefined;
  const input =
    typeof action === 'string' && Object.hasOwn(STEP_INPUTS, action)
      ? STEP_INPUTS[action as keyof typeof STEP_INPUTS]()
      : AnyStepInput();
  return parseEvent(input, event) as TaskInput;
}

export class ReferralSourceMissingError extends Error {
  override readonly name = 'ReferralSourceMissingError';
}

export interface TaskResult {
  referralId: string;
  status: Referral['status'];
  escalation?: EscalationLevel;
}

const result = (referral: Referral): TaskResult => ({
  referralId: referral.referralId,
  status: referral.status,
  ...(referral.escalation ? { escalation: referral.escalation } : {}),
});

async function mustGet(deps: ReferralTaskDeps, id: string): Promise<Referral> {
  const referral = await deps.referrals.get(id);
  if (!referral) throw new ReferralSourceMissingError(`no referral ${id}`);
  return referral;
}

async function create(deps: ReferralTaskDeps, request: ReferralRequest): Promise<TaskResult> {
  const existing = await deps.referrals.get(request.referralId);
  if (existing) return result(existing);
  const inspection = await deps.inspection(request.portCode, request.recordId);
  const finding = inspection?.findings[request.findingIndex];
  if (!inspection || !finding)
    throw new ReferralSourceMissingError(
      `inspection ${request.recordId} or its finding ${request.findingIndex} is not stored`,
    );
  const port = (await deps.ports()).get(request.portCode);
  const referral = newReferral(request, finding, inspection.startedAt, port, deps.now().toISOString());
  const created = await deps.referrals.create(referral, {
    ...WORKFLOW,
    action: 'referral opened from a seizure finding',
  });
  return result(created.referral);
}

export async function runTask(deps: ReferralTaskDeps, input: TaskInput): Promise<TaskResult | EscalationLevel> {
  const at = deps.now().toISOString();
  switch (input.action) {
    case 'create':
      return create(deps, input.request);
    case 'await': {
      const current = await mustGet(deps, input.referralId);
      const slaDueAt = new Date(deps.now().getTime() + input.slaSeconds * 1000).toISOString();
      const referral = await deps.referrals.transition(input.referralId, {
        from: [current.status],
        to: current.status,
        at,
        set: { waitingFor: input.what, escalation: input.level, slaDueAt, taskToken: input.token },
        audit: {
          ...WORKFLOW,
          action: `waiting for ${input.what === 'decision' ? 'a decision' : 'the agency'} from ${input.level}`,
          detail: `due by ${slaDueAt}`,
        },
      });
      await deps.mailer.send(requestEmail(referral, input.level, deps.addresses, deps.links));
      return result(referral);
    }
    case 'escalate': {
      const ladder = input.what === 'decision' ? DECISION_LADDER : AGENCY_LADDER;
      const next = nextEscalation(input.level, ladder);
      const current = await mustGet(deps, input.referralId);
      await deps.referrals.transition(input.referralId, {
        from: [current.status],
        to: current.status,
        at,
        set: { escalation: next, taskToken: null },
        audit: { ...WORKFLOW, action: `SLA missed: escalated from ${input.level} to ${next}` },
      });
      return next;
    }
    case 'record-decision': {
      const { answer } = input;
      const approved = answer.decision === 'approve';
      const referral = await deps.referrals.transition(input.referralId, {
        from: ['PENDING_DECISION'],
        to: approved ? 'APPROVED' : 'DECLINED',
        at,
        set: {
          waitingFor: undefined,
          taskToken: null,
          decision: {
            decision: approved ? 'approve' : 'decline',
            by: answer.by,
            role: answer.role,
            at: answer.at,
            ...(answer.reason ? { reason: answer.reason } : {}),
          },
        },
        audit: {
          actor: answer.by,
          role: answer.role,
          action: approved ? 'approved' : 'declined',
          ...(answer.reason ? { detail: answer.reason } : {}),
        },
      });
      if (!approved) await deps.mailer.send(outcomeEmail(referral, deps.addresses));
      return result(referral);
    }
    case 'route': {
      const current = await mustGet(deps, input.referralId);
      const steps = [
        `routed to ${current.agencies.join(', ')}`,
        ...(current.agencies.includes('FinCEN') ? ['currency report recorded for FinCEN'] : []),
        ...(current.agencies.includes('USFWS') ? ['wildlife agency (USFWS) notified'] : []),
      ];
      const referral = await deps.referrals.transition(input.referralId, {
        from: ['APPROVED'],
        to: 'ROUTED',
        at,
        audit: { ...WORKFLOW, action: steps.join('; ') },
      });
      return result(referral);
    }
    case 'record-agency-response': {
      const { answer } = input;
      const referral = await deps.referrals.transition(input.referralId, {
        from: ['ROUTED'],
        to: answer.accepted ? 'ACCEPTED' : 'AGENCY_DECLINED',
        at,
        set: {
          waitingFor: undefined,
          taskToken: null,
          agencyResponse: {
            accepted: answer.accepted === true,
            by: answer.by,
            ...(answer.agency ? { agency: answer.agency } : {}),
            at: answer.at,
            ...(answer.caseNumber ? { caseNumber: answer.caseNumber } : {}),
            ...(answer.reason ? { reason: answer.reason } : {}),
          },
        },
        audit: {
          actor: answer.by,
          role: answer.role,
          action: answer.accepted
            ? `accepted by ${answer.agency ?? 'the agency'}, case ${answer.caseNumber}`
            : `declined by ${answer.agency ?? 'the agency'}`,
          ...(answer.reason ? { detail: answer.reason } : {}),
        },
      });
      await deps.mailer.send(outcomeEmail(referral, deps.addresses));
      return result(referral);
    }
    case 'fail': {
      const current = await deps.referrals.get(input.referralId);
      if (!current || current.status === 'FAILED')
        return current ? result(current) : { referralId: input.referralId, status: 'FAILED' };
      const referral = await deps.referrals.transition(input.referralId, {
        from: [current.status],
        to: 'FAILED',
        at,
        set: {
          waitingFor: undefined,
          taskToken: null,
          failure: { error: input.error.Error, cause: input.error.Cause ?? '' },
        },
        audit: {
          ...WORKFLOW,
          action: 'the workflow failed',
          detail: `${input.error.Error}: ${input.error.Cause ?? ''}`.slice(0, 1000),
        },
      });
      return result(referral);
    }
  }
}
