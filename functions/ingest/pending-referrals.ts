// The outbox sweep: referral requests stored with their records but never started (the process died between the
// two) are started, oldest first. Run after each ingest invocation; starting one twice changes nothing.
import type { RecordStore, ReferralStarter } from './interfaces.js';

export interface OutboxDeps {
  records: Pick<RecordStore, 'pendingReferrals' | 'referralsStarted'>;
  referrals: ReferralStarter;
  now: () => Date;
}

/** How many records one sweep takes out of the outbox at most. */
export const OUTBOX_SWEEP_LIMIT = 25;

/**
 * Starts the referrals of records that have waited in the outbox longer than `graceSeconds` (an ingest still at
 * work starts its own); returns how many referrals were started.
 */
export async function startPendingReferrals(deps: OutboxDeps, graceSeconds: number): Promise<number> {
  const before = new Date(deps.now().getTime() - graceSeconds * 1000).toISOString();
  const pending = await deps.records.pendingReferrals(before, OUTBOX_SWEEP_LIMIT);
  if (pending.length === 0) return 0;
  const requests = pending.flatMap((entry) => entry.referrals);
  await deps.referrals.start(requests);
  await deps.records.referralsStarted(
    pending.map((entry) => entry.record),
    deps.now().toISOString(),
  );
  return requests.length;
}
