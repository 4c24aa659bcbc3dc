// Sends the signed-in officer's queue: waiting records into batches (batchId fixed before the first attempt), each
// batch through POST /uploads and its presigned PUT, then its receipt read and mapped back to its records.
import {
  type ReceiptAnswer,
  SendFailedError,
  SessionExpiredError,
  UploadRefusedError,
  type UploadsApi,
} from '../uploads-api.js';
import { outcomesOf } from './receipts.js';
import type { FieldStore, QueuedBatch } from './store.js';

export interface SendingSession {
  owner: string;
  accessToken: string;
}

export interface SenderDeps {
  store: FieldStore;
  api: UploadsApi;
  deviceId: string;
  newId: () => string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Called whenever the queue changed (a batch made, uploaded or answered). */
  changed: () => void;
  /** How long to wait for receipts in one round before leaving them for the next. */
  receiptPatienceMs?: number;
}

export type SendOutcome =
  | { result: 'sent'; batches: number; awaiting: number }
  | { result: 'failed'; error: SendFailedError }
  | { result: 'session-expired' }
  | { result: 'refused'; message: string };

/** Receipts are asked for every quarter second while they are likely to come soon, then less and less often. */
const POLL_MS = 250;
const STEADY_POLL_FOR_MS = 15_000;
const LONGEST_POLL_MS = 3_000;

async function upload(deps: SenderDeps, session: SendingSession, batch: QueuedBatch): Promise<'uploaded' | 'done'> {
  const request = { batchId: batch.batchId, kind: batch.kind, portCode: batch.portCode, deviceId: batch.deviceId };
  const ticket = await deps.api.requestUpload(request, session.accessToken);
  if (ticket.status === 'processed') return 'uploaded';
  if (batch.body === undefined) throw new Error(`batch ${batch.batchId} has no body to send`);
  await deps.api.put(ticket.uploadUrl, ticket.headers, batch.body);
  return 'uploaded';
}

async function applyAnswer(deps: SenderDeps, batch: QueuedBatch, answer: ReceiptAnswer): Promise<boolean> {
  if (answer.status !== 'processed') return false;
  const { receipt } = answer;
  const outcomes = outcomesOf(
    batch.records.map((line) => line.recordId),
    receipt,
  );
  await deps.store.applyReceipt(
    batch.batchId,
    {
      status: receipt.status,
      received: receipt.received,
      accepted: receipt.accepted,
      duplicates: receipt.duplicates,
      conflicts: receipt.conflicts,
      rejected: receipt.rejected,
      processedAt: receipt.processedAt,
    },
    outcomes,
  );
  deps.changed();
  return true;
}

/** One round: every unfinished batch of the officer uploaded, then their receipts awaited together. */
export async function sendQueue(deps: SenderDeps, session: SendingSession): Promise<SendOutcome> {
  try {
    const made = await deps.store.makeBatches(session.owner, deps.deviceId, deps.newId, deps.now());
    if (made.length > 0) deps.changed();
    const batches = await deps.store.unfinishedBatches(session.owner);
    const awaiting: QueuedBatch[] = [];
    for (const batch of batches) {
      const sentAt = deps.now().toISOString();
      await deps.store.updateBatch(batch.batchId, {
        attempts: batch.attempts + 1,
        firstSentAt: batch.firstSentAt ?? sentAt,
      });
      if (batch.state === 'uploaded' || batch.attempts > 0) {
        // tried before: the upload may have arrived, even if its answer never did
        const answer = await deps.api.receipt(batch.batchId, session.accessToken);
        if (await applyAnswer(deps, batch, answer)) continue;
        if (answer.status === 'processing') {
          awaiting.push(batch);
          continue;
        }
      }
      await upload(deps, session, batch);
      await deps.store.updateBatch(batch.batchId, { state: 'uploaded', uploadedAt: deps.now().toISOString() });
      deps.changed();
      awaiting.push(batch);
    }
    const patience = deps.receiptPatienceMs ?? 60_000;
    const started = deps.now().getTime();
    let pause = POLL_MS;
    let pending = awaiting;
    while (pending.length > 0 && deps.now().getTime() - started < patience) {
      await deps.sleep(pause);
      if (deps.now().getTime() - started > STEADY_POLL_FOR_MS)
        pause = Math.min(LONGEST_POLL_MS, Math.round(pause * 1.5));
      const still: QueuedBatch[] = [];
      for (const batch of pending) {
        const answer = await deps.api.receipt(batch.batchId, session.accessToken);
        if (!(await applyAnswer(deps, batch, answer))) still.push(batch);
      }
      pending = still;
    }
    return { result: 'sent', batches: batches.length, awaiting: pending.length };
  } catch (error) {
    if (error instanceof SessionExpiredError) return { result: 'session-expired' };
    if (error instanceof SendFailedError) return { result: 'failed', error };
    if (error instanceof UploadRefusedError) return { result: 'refused', message: error.message };
    throw error;
  }
}
