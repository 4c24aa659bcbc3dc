// Referrals: a seizure finding on its way from the port's supervisor to the investigating agency.
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { once } from './once.js';
import './zod-locale.js';
import { canAccessPort, type Principal } from './auth.js';
import type { Port } from './ports.js';
import type { ReferralRequest, SeizableType } from './records/rules.js';
import type { Finding } from './records/schemas.js';

export const REFERRAL_STATUSES = [
  'PENDING_DECISION',
  'APPROVED',
  'DECLINED',
  'ROUTED',
  'ACCEPTED',
  'AGENCY_DECLINED',
  'FAILED',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Who is waited on, in order, while a decision or an agency answer is overdue. */
export const DECISION_LADDER = ['supervisor', 'port-director', 'hq'] as const;
export const AGENCY_LADDER = ['agency', 'agency-supervisor', 'hq'] as const;
export type EscalationLevel = (typeof DECISION_LADDER)[number] | (typeof AGENCY_LADDER)[number];

export const DEFAULT_DECISION_SLA_SECONDS = 24 * 3600;
export const DEFAULT_AGENCY_SLA_SECONDS = 72 * 3600;

export interface Referral {
  referralId: string;
  status: ReferralStatus;
  recordId: string;
  findingIndex: number;
  findingType: SeizableType;
  finding: Finding;
  portCode: string;
  portName: string;
  inspectedAt: string;
  agencies: string[];
  waitingFor?: 'decision' | 'agency';
  escalation?: EscalationLevel;
  slaDueAt?: string;
  decision?: { decision: 'approve' | 'decline'; reason?: string; by: string; role: string; at: string };
  agencyResponse?: {
    accepted: boolean;
    caseNumber?: string;
    reason?: string;
    by: string;
    agency?: string;
    at: string;
  };
  failure?: { error: string; cause: string };
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  at: string;
  actor: string;
  role: string;
  action: string;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  detail?: string;
}

/** The execution name of a referral's workflow: derived from the finding, so a repeat start is the same execution. */
export function executionNameOf(referralId: string): string {
  const readable = `ref-${referralId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return readable.length <= 80 ? readable : `ref-${createHash('sha256').update(referralId).digest('hex').slice(0, 40)}`;
}

/** The API's request bodies, built by the first request that sends one. */
export const decisionInputSchema = once(() =>
  z
    .strictObject({
      decision: z.enum(['approve', 'decline'], 'decision must be approve or decline'),
      reason: z.optional(z.string().check(z.trim(), z.maxLength(2000, 'reason is longer than 2000 characters'))),
    })
    .check(
      z.refine((input) => input.decision !== 'decline' || (input.reason?.length ?? 0) > 0, {
        path: ['reason'],
        error: 'a decline needs a reason',
      }),
    ),
);
export type DecisionInput = z.infer<ReturnType<typeof decisionInputSchema>>;

export const agencyResponseInputSchema = once(() =>
  z
    .strictObject({
      accepted: z.boolean('accepted must be true or false'),
      caseNumber: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
      reason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    })
    .check(
      z.refine((input) => !input.accepted || input.caseNumber, {
        path: ['caseNumber'],
        error: 'an accepted referral needs the case number',
      }),
      z.refine((input) => input.accepted || input.reason, {
        path: ['reason'],
        error: 'a declined referral needs a reason',
      }),
    ),
);
export type AgencyResponseInput = z.infer<ReturnType<typeof agencyResponseInputSchema>>;

export function nextEscalation(
  current: EscalationLevel | undefined,
  ladder: readonly EscalationLevel[],
): EscalationLevel {
  const index = current ? ladder.indexOf(current) : 0;
  return ladder[Math.min(index + 1, ladder.length - 1)] as EscalationLevel;
}

export function describeFinding(finding: Finding): string {
  switch (finding.type) {
    case 'currency':
      return `${finding.declared ? 'declared' : 'undeclared'} currency, USD ${finding.amountUsd.toLocaleString('en-US')}`;
    case 'firearm':
      return `${finding.count} firearm${finding.count === 1 ? '' : 's'}`;
    case 'ammunition':
      return `${finding.rounds} rounds of ammunition`;
    case 'explosive':
      return `${finding.kg} kg of explosives`;
    case 'narcotic':
      return `${finding.kg} kg of ${finding.substance}`;
    case 'wildlife':
      return `${finding.count} × ${finding.species} (wildlife)`;
    case 'electronic_device':
      return `electronic device (${finding.searchLevel} search)`;
  }
}

export interface Email {
  to: string[];
  subject: string;
  text: string;
}

export interface Addresses {
  supervisors: (port: string) => string;
  portDirector: (port: string) => string;
  hq: string;
  agency: (agency: string) => string;
}

export function defaultAddresses(domain: string, hq: string): Addresses {
  return {
    supervisors: (port) => `supervisors-${port}@${domain}`,
    portDirector: (port) => `director-${port}@${domain}`,
    hq,
    agency: (agency) => `referrals-${agency.toLowerCase()}@${domain}`,
  };
}

function recipients(referral: Referral, level: EscalationLevel, addresses: Addresses): string[] {
  switch (level) {
    case 'supervisor':
      return [addresses.supervisors(referral.portCode)];
    case 'port-director':
      return [addresses.portDirector(referral.portCode), addresses.supervisors(referral.portCode)];
    case 'agency':
    case 'agency-supervisor':
      return referral.agencies.map(addresses.agency);
    case 'hq':
      return [addresses.hq];
  }
}

/** The email asking for a decision or an agency answer; the subject names no person, only the case. */
/** Where a referral's emails send people: its page in the console, and the API for scripts. */
export interface EmailLinks {
  console: string;
  api: string;
}

export function requestEmail(
  referral: Referral,
  level: EscalationLevel,
  addresses: Addresses,
  links: EmailLinks,
): Email {
  const what = describeFinding(referral.finding);
  const where = `${referral.portName} (${referral.portCode})`;
  const overdue = level !== 'supervisor' && level !== 'agency';
  const asking = referral.waitingFor === 'agency' ? 'an agency response' : 'a decision';
  const lines = [
    overdue ? `OVERDUE — escalated to ${level}.` : '',
    `Referral ${referral.referralId} awaits ${asking}.`,
    '',
    `Seized: ${what}`,
    `Where: ${where}`,
    `Inspection: ${referral.inspectedAt} (record ${referral.recordId})`,
    `Agencies: ${referral.agencies.join(', ')}`,
    referral.slaDueAt ? `Due by: ${referral.slaDueAt}` : '',
    '',
    `Open it in the console to ${referral.waitingFor === 'agency' ? 'answer' : 'decide'}: ${links.console.replace(/\/+$/, '')}/referrals/${referral.referralId}`,
    '',
    referral.waitingFor === 'agency'
      ? `Respond: POST ${links.api}/referrals/${referral.referralId}/agency-response {"accepted": true, "caseNumber": "…"}`
      : `Decide: outbound referrals decide ${referral.referralId} --approve   (or --decline --reason "…")`,
    referral.waitingFor === 'agency'
      ? ''
      : `   or: POST ${links.api}/referrals/${referral.referralId}/decision {"decision": "approve"}`,
    `Details and audit trail: GET ${links.api}/referrals/${referral.referralId}`,
  ];
  return {
    to: recipients(referral, level, addresses),
    subject: `${overdue ? '[Overdue] ' : ''}Referral ${referral.referralId}: ${referral.findingType} seizure at ${where} awaits ${asking}`,
    text: lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n'),
  };
}

export function outcomeEmail(referral: Referral, addresses: Addresses): Email {
  const where = `${referral.portName} (${referral.portCode})`;
  const result =
    referral.status === 'ACCEPTED'
      ? `accepted by the agency, case ${referral.agencyResponse?.caseNumber}`
      : referral.status === 'AGENCY_DECLINED'
        ? `declined by the agency: ${referral.agencyResponse?.reason}`
        : referral.status === 'DECLINED'
          ? `declined by the supervisor: ${referral.decision?.reason}`
          : referral.status.toLowerCase();
  return {
    to: [addresses.supervisors(referral.portCode)],
    subject: `Referral ${referral.referralId} at ${where}: ${referral.status.toLowerCase().replace('_', ' ')}`,
    text: `Referral ${referral.referralId} (${describeFinding(referral.finding)}, ${where}) was ${result}.`,
  };
}

export function newReferral(
  request: ReferralRequest,
  finding: Finding,
  inspectedAt: string,
  port: Port | undefined,
  now: string,
): Referral {
  return {
    referralId: request.referralId,
    status: 'PENDING_DECISION',
    recordId: request.recordId,
    findingIndex: request.findingIndex,
    findingType: request.findingType,
    finding,
    portCode: request.portCode,
    portName: port?.name ?? request.portCode,
    inspectedAt,
    agencies: request.agencies,
    createdAt: now,
    updatedAt: now,
  };
}

const ROUTED_TO_AGENCY: ReadonlySet<Referral['status']> = new Set(['ROUTED', 'ACCEPTED', 'AGENCY_DECLINED']);

/**
 * Investigators see only referrals routed to their own agency; anything else is answered as if it did not exist
 * (404, and left out of lists), so an investigator learns nothing of another agency's cases, not even their ids.
 */
export function canSeeReferral(caller: Principal, referral: Referral): boolean {
  if (caller.role === 'investigator')
    return (
      ROUTED_TO_AGENCY.has(referral.status) && caller.agency !== undefined && referral.agencies.includes(caller.agency)
    );
  if (caller.role === 'officer') return false;
  return canAccessPort(caller, referral.portCode);
}
