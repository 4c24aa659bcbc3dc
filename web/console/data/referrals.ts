// The referral area of the API: the queue, one referral with its audit trail, decisions and agency answers.
import type { AuditEntry, Referral } from '../../../functions/domain/referrals.js';
import { apiFetch } from '../../shared/api.js';

export type { AuditEntry, Referral };
export type ReferralWithAudit = Referral & { audit: AuditEntry[] };

export async function listReferrals(status?: string): Promise<Referral[]> {
  const query = status ? `?status=${encodeURIComponent(status)}` : '';
  return (await apiFetch<{ referrals: Referral[] }>(`/referrals${query}`)).referrals;
}

export function getReferral(id: string): Promise<ReferralWithAudit> {
  return apiFetch<ReferralWithAudit>(`/referrals/${encodeURIComponent(id)}`);
}

export function decide(id: string, decision: 'approve' | 'decline', reason: string): Promise<unknown> {
  return apiFetch(`/referrals/${encodeURIComponent(id)}/decision`, {
    method: 'POST',
    body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
  });
}

export function answerAsAgency(
  id: string,
  answer: { accepted: true; caseNumber: string } | { accepted: false; reason: string },
): Promise<unknown> {
  return apiFetch(`/referrals/${encodeURIComponent(id)}/agency-response`, { method: 'POST', body: answer });
}

/** Pending first, then the earliest due, then the newest. */
export function queueOrder(a: Referral, b: Referral): number {
  const pending = (r: Referral) => (r.status === 'PENDING_DECISION' || r.status === 'ROUTED' ? 0 : 1);
  return (
    pending(a) - pending(b) ||
    (a.slaDueAt ?? '9999').localeCompare(b.slaDueAt ?? '9999') ||
    b.createdAt.localeCompare(a.createdAt)
  );
}

export function isPastSla(referral: Referral, now = Date.now()): boolean {
  return referral.waitingFor !== undefined && referral.slaDueAt !== undefined && Date.parse(referral.slaDueAt) < now;
}
