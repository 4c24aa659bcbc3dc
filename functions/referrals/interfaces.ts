// What the referral use cases need from outside: where referrals and their audit trails are kept, the inspections they
// come from, the mail, and the waiting workflows answers are handed to. The adapters (DynamoDB, SES, Step Functions) implement them.
import type { Finding } from '../domain/records/schemas.js';
import type { AuditEntry, Email, Referral, ReferralStatus } from '../domain/referrals.js';

export type AuditNote = Omit<AuditEntry, 'fromStatus' | 'toStatus' | 'at'>;

export interface Transition {
  /** The statuses the referral must be in for the change to apply. */
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  set?: Partial<Referral> & { taskToken?: string | null };
  audit: AuditNote;
  at: string;
}

/** A status change that no longer applies: the referral is missing, or in another status than the change expects. */
export class StaleReferralError extends Error {
  override readonly name = 'StaleReferralError';
}

export interface ReferralRepository {
  /** Creates the referral unless it exists; returns the stored one either way. */
  create(referral: Referral, audit: AuditNote): Promise<{ referral: Referral; created: boolean }>;
  get(id: string): Promise<Referral | undefined>;
  /** The audit trail, oldest first, including a last entry whose copy is still pending. */
  audit(id: string): Promise<AuditEntry[]>;
  list(filter: { status?: ReferralStatus; port?: string }, limit?: number): Promise<Referral[]>;
  /** Referrals opened between two days (inclusive), at one port or everywhere. */
  openedBetween(port: string | undefined, from: string, to: string): Promise<Referral[]>;
  /**
   * Applies a status change if the referral is in one of the expected statuses, with its audit entry, in one write.
   * A retry of a change that was already applied returns the referral as it stands; otherwise StaleReferralError.
   */
  transition(id: string, change: Transition): Promise<Referral>;
  /** Takes the waiting task token for an answer: only one caller gets it, and only while the referral waits for `what`. */
  claimToken(id: string, what: 'decision' | 'agency'): Promise<string | undefined>;
  /** Gives a token back after the workflow refused it, unless the workflow has already set a newer one. */
  restoreToken(id: string, token: string): Promise<void>;
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

/** The workflows waiting for a person's answer, each behind a task token. */
export interface WaitingWorkflows {
  /** Hands the answer to the workflow waiting behind `token`; false when it no longer waits (timed out, gone). */
  resume(token: string, answer: Record<string, unknown>): Promise<boolean>;
}

/** The stored inspections a referral comes from. */
export interface InspectionReader {
  /** The inspection's findings and when it took place; undefined when it is not stored. */
  inspection(portCode: string, recordId: string): Promise<{ findings: Finding[]; startedAt: string } | undefined>;
}
