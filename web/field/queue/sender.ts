// Sends the signed-in officer's queue: waiting records into batches (batchId fixed before the first attempt), each
// batch through POST /uploads and its presigned PUT, then its receipt read and mapped back to its records. The next
// batch is made while one uploads, and each batch's receipt is asked for as soon as its PUT is answered.
import { pollReceipt } from '../../../functions/domain/uploads/receipt-polling.js';
import {
  type ReceiptAnswer,
  SendFailedError,
  ServerBusyError,
  SessionExpiredError,
  UploadRefusedError,
  type UploadsApi,
} from '../uploads-api.js';
import { BATCH_LIMITS } from './batching.js';
import { outcomesOf, type RecordOutcome } from './receipts.js';
import { answeredBatch, type FieldStore, type MadeBatch, type QueuedBatch, receiptSummary } from './store.js';

export interface SendingSession {
  owner: string;
  accessToken: string;
}

/**
 * What the sender changed in the queue, so the app can show it without reading the queue again. A receipt is shown
 * when it is read (`receipt-read`) and again once the queue has stored it (`answered`), so that a reload of the queue
 * between the two shows it too.
 */
export type QueueChange =
  | { type: 'batched'; batch: QueuedBatch }
  | { type: 'uploaded'; batch: QueuedBatch }
  | { type: 'receipt-read' | 'answered'; batch: QueuedBatch; outcomes: readonly RecordOutcome[] };

export type SendingStore = Pick<FieldStore, 'makeBatch' | 'unfinishedBatches' | 'updateBatch' | 'applyReceipt'>;

export interface SenderDeps {
  store: SendingStore;
  api: UploadsApi;
  deviceId: string;
  newId: () => string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Called whenever the queue changed (a batch made, uploaded or answered). */
  changed: (change: QueueChange) => void;
  /** How long to wait for a batch's receipt in one round, from its upload, before leaving it for the next round. */
  receiptPatienceMs?: number;
}

export type SendOutcome =
  | { result: 'sent'; batches: number; awaiting: number }
  | { result: 'failed'; error: SendFailedError }
  | { result: 'session-expired' }
  | { result: 'refused'; message: string };

async function upload(deps: SenderDeps, session: SendingSession, batch: QueuedBatch): Promise<void> {
  const request = { batchId: batch.batchId, kind: batch.kind, portCode: batch.portCode, deviceId: batch.deviceId };
  const ticket = await deps.api.requestUpload(request, session.accessToken);
  if (ticket.status === 'processed') return;
  if (batch.body === undefined) throw new Error(`batch ${batch.batchId} has no body to send`);
  await deps.api.put(ticket.uploadUrl, ticket.headers, batch.body);
}

async function applyAnswer(deps: SenderDeps, batch: QueuedBatch, answer: ReceiptAnswer): Promise<boolean> {
  if (answer.status !== 'processed') return false;
  const { receipt } = answer;
  const outcomes = outcomesOf(
    batch.records.map((line) => line.recordId),
    receipt,
  );
  const summary = receiptSummary(receipt);
  // the receipt is what headquarters holds: shown at once, while the queue's thousand deletes are written
  deps.changed({ type: 'receipt-read', batch: answeredBatch(batch, summary, outcomes), outcomes });
  const answered = await deps.store.applyReceipt(batch.batchId, summary, outcomes);
  if (answered) deps.changed({ type: 'answered', batch: answered, outcomes });
  return true;
}

/**
 * One round: batches left unfinished by earlier rounds first, then the waiting records, one batch at a time (the next
 * made while the one before uploads); each batch's receipt is awaited from the moment its PUT is answered, beside
 * the uploads that follow. The round ends when every batch is answered or has waited its patience.
 */
export async function sendQueue(deps: SenderDeps, session: SendingSession): Promise<SendOutcome> {
  const patience = deps.receiptPatienceMs ?? 60_000;
  const receipts: Array<Promise<boolean>> = [];
  const sentThisRound = new Set<string>();
  let stop = false;
  /** Asks for one batch's receipt until it comes (true), the round stops, or patience runs out (false). */
  const awaitReceipt = async (batch: QueuedBatch): Promise<boolean> => {
    const { result } = await pollReceipt({
      ask: async () => {
        try {
          return await deps.api.receipt(batch.batchId, session.accessToken);
        } catch (error) {
          if (error instanceof ServerBusyError) return undefined;
          throw error;
        }
      },
      settle: async (answer: ReceiptAnswer) => ((await applyAnswer(deps, batch, answer)) ? true : undefined),
      patienceMs: patience,
      now: () => deps.now().getTime(),
      sleep: deps.sleep,
      stopped: () => stop,
    });
    return result === true;
  };
  const follow = (batch: QueuedBatch) => {
    const answered = awaitReceipt(batch);
    // a failure here is the round's outcome; it is read below, after the uploads
    answered.catch(() => undefined);
    receipts.push(answered);
  };
  /** Sends a batch unless an earlier attempt got it there: true when this one uploaded it. */
  const deliver = async (batch: QueuedBatch): Promise<boolean> => {
    if (batch.state === 'uploaded' || batch.attempts > 0) {
      // tried before: the upload may have arrived, even if its answer never did
      const answer = await deps.api.receipt(batch.batchId, session.accessToken);
      if (await applyAnswer(deps, batch, answer)) return false;
      if (answer.status === 'processing') {
        follow(batch);
        return false;
      }
    }
    await upload(deps, session, batch);
    return true;
  };
  const send = async (batch: QueuedBatch) => {
    sentThisRound.add(batch.batchId);
    // the attempt is noted while the batch travels, not before: an attempt the page died before noting is sent again
    // under the same batchId, and the API answers a batch it has with its receipt, or refuses a second PUT
    const [, uploaded] = await Promise.all([
      deps.store.updateBatch(batch.batchId, {
        attempts: batch.attempts + 1,
        firstSentAt: batch.firstSentAt ?? deps.now().toISOString(),
      }),
      deliver(batch),
    ]);
    if (!uploaded) return;
    // its receipt is asked for at once; noting the upload may wait behind the next batch being made
    follow(batch);
    await deps.store.updateBatch(batch.batchId, { state: 'uploaded', uploadedAt: deps.now().toISOString() });
    deps.changed({ type: 'uploaded', batch });
  };
  const makeNext = () => deps.store.makeBatch(session.owner, deps.deviceId, deps.newId, deps.now(), BATCH_LIMITS);
  /** Sends batches made before this round's own, oldest first: left by an earlier round, or made while offline. */
  const sendEarlier = async (): Promise<number> => {
    const earlier = (await deps.store.unfinishedBatches(session.owner)).filter(
      (batch) => !sentThisRound.has(batch.batchId),
    );
    for (const batch of earlier) {
      // one never tried has not been shown as on its way yet
      if (batch.attempts === 0) deps.changed({ type: 'batched', batch });
      await send(batch);
    }
    return earlier.length;
  };
  let next: Promise<MadeBatch | undefined> | undefined;
  try {
    let sent = await sendEarlier();
    next = makeNext();
    for (;;) {
      const made: MadeBatch | undefined = await next;
      if (!made) break;
      const { batch } = made;
      deps.changed({ type: 'batched', batch });
      // the next batch, if records are left, is made (in IndexedDB) while this one travels: after this one's first
      // write, which IndexedDB would otherwise queue behind the making; a record saved meanwhile starts another round
      const sending = send(batch);
      next = made.moreWaiting ? makeNext() : undefined;
      await sending;
      sent++;
      if (!next) break;
    }
    next = undefined;
    // a batch another tab made while this round ran (offline there a moment ago) is sent now, not after the next save
    for (let more = await sendEarlier(); more > 0; more = await sendEarlier()) sent += more;
    const answered = await Promise.all(receipts);
    return { result: 'sent', batches: sent, awaiting: answered.filter((ok) => !ok).length };
  } catch (error) {
    stop = true;
    // the receipts being read stop; a batch being made stays in the store, untried, for the next round (the queue is
    // read again after a round that stopped, and shows its records waiting)
    await Promise.allSettled(receipts);
    await next?.catch(() => undefined);
    if (error instanceof SessionExpiredError) return { result: 'session-expired' };
    if (error instanceof SendFailedError) return { result: 'failed', error };
    if (error instanceof UploadRefusedError) return { result: 'refused', message: error.message };
    throw error;
  }
}
