// The device's queue in IndexedDB: records from "Save" until a receipt names them stored, the batches they travel
// in (kept afterwards as the officer's receipts), and the device's own facts. Every record belongs to one officer.
import { type DBSchema, type IDBPDatabase, type IDBPIndex, openDB } from 'idb';
import type { FieldIssue } from '../../../functions/domain/errors.js';
import type { RecordKind } from '../../../functions/domain/records/kinds.js';
import type { Receipt } from '../../../functions/domain/uploads/receipt.js';
import { BATCH_LIMITS, type BatchLimits, planBatches } from './batching.js';
import type { RecordOutcome } from './receipts.js';

export type RecordState = 'waiting' | 'sending' | 'rejected' | 'conflict';

export interface QueuedRecord {
  recordId: string;
  kind: RecordKind;
  /** The officer who saved it (the token's subject): only that officer's session ever sends it. */
  owner: string;
  portCode: string;
  data: Record<string, unknown>;
  /** A short line for lists, e.g. "Inspection · truck · seized". */
  summary: string;
  savedAt: string;
  state: RecordState;
  batchId?: string;
  reasons?: FieldIssue[];
}

export type BatchState = 'ready' | 'uploaded' | 'done';

/** What the queue keeps of a batch's receipt: its outcome and counts (the lines' outcomes are kept per record). */
const SUMMARY_FIELDS = [
  'status',
  'received',
  'accepted',
  'duplicates',
  'conflicts',
  'rejected',
  'processedAt',
] as const;
export type ReceiptSummary = Pick<Receipt, (typeof SUMMARY_FIELDS)[number]>;

export function receiptSummary(receipt: Receipt): ReceiptSummary {
  return Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, receipt[field]])) as ReceiptSummary;
}

export interface BatchRecordLine {
  recordId: string;
  summary: string;
  result?: RecordOutcome['result'];
  reasons?: FieldIssue[];
}

export interface QueuedBatch {
  batchId: string;
  owner: string;
  kind: RecordKind;
  portCode: string;
  deviceId: string;
  /** Line n of the body is records[n - 1]; fixed when the batch is made, so every retry sends the same bytes. */
  records: BatchRecordLine[];
  body?: string;
  createdAt: string;
  state: BatchState;
  attempts: number;
  firstSentAt?: string;
  uploadedAt?: string;
  receipt?: ReceiptSummary;
}

export interface MadeBatch {
  batch: QueuedBatch;
  /** Records the batch left out were waiting when it was made (the round makes another). */
  moreWaiting: boolean;
}

interface FieldDb extends DBSchema {
  /** `queue`: owner, state, savedAt, so that a batch reads the oldest waiting records and no others. */
  records: { key: string; value: QueuedRecord; indexes: { owner: string; queue: [string, RecordState, string] } };
  /** `state`: owner and state, so that a round reads the unfinished batches without the receipts kept. */
  batches: { key: string; value: QueuedBatch; indexes: { owner: string; state: [string, BatchState] } };
  meta: { key: string; value: unknown };
}

export const DB_NAME = 'outbound-field';
const OUTAGE = 'outage';
/** Finished batches kept per officer as their receipts list. */
export const RECEIPTS_KEPT = 200;

type QueueRange = Parameters<IDBPIndex<FieldDb, ['records'], 'records', 'queue'>['getAll']>[0];
type BatchStateRange = Parameters<IDBPIndex<FieldDb, ['batches'], 'batches', 'state'>['getAll']>[0];

/** IDBKeyRange.bound, read from the browser's globals at call time (this module is type-checked and unit-tested
 * without the DOM's types too). */
function bound<Range>(lower: readonly string[], upper: readonly string[]): Range {
  const { IDBKeyRange: ranges } = globalThis as unknown as {
    IDBKeyRange: { bound(lower: readonly string[], upper: readonly string[]): Range };
  };
  return ranges.bound(lower, upper);
}

/** The `queue` index's range of one officer's waiting records, oldest first. */
const waitingOf = (owner: string) => bound<QueueRange>([owner, 'waiting', ''], [owner, 'waiting', '\uffff']);

/** The `state` index's range of one officer's unfinished batches: 'ready' and 'uploaded' (not 'done'). */
const unfinishedOf = (owner: string) => bound<BatchStateRange>([owner, 'ready'], [owner, 'uploaded']);

/**
 * What a receipt's outcome makes of a record of its batch: undefined when stored (it leaves the queue), waiting again
 * when the receipt does not account for it, or rejected or conflicting with the reasons.
 */
export function recordAfter(record: QueuedRecord, outcome: RecordOutcome): QueuedRecord | undefined {
  if (outcome.result === 'stored') return undefined;
  const { batchId: _batchId, reasons: _reasons, ...rest } = record;
  if (outcome.result === 'unknown') return { ...rest, state: 'waiting' };
  return { ...rest, state: outcome.result, reasons: outcome.reasons };
}

/** A batch as kept once answered: its receipt, each line's result, and no body. */
export function answeredBatch(
  batch: QueuedBatch,
  receipt: ReceiptSummary,
  outcomes: readonly RecordOutcome[],
): QueuedBatch {
  const byId = new Map(outcomes.map((outcome) => [outcome.recordId, outcome]));
  const { body: _body, ...kept } = batch;
  return {
    ...kept,
    state: 'done',
    receipt,
    records: batch.records.map((line) => {
      const outcome = byId.get(line.recordId);
      return outcome
        ? { ...line, result: outcome.result, ...('reasons' in outcome ? { reasons: outcome.reasons } : {}) }
        : line;
    }),
  };
}

export class FieldStore {
  private constructor(private readonly db: IDBPDatabase<FieldDb>) {}

  /**
   * Opens (or makes, or upgrades) the device's queue. `onNewerVersion`: another tab opened it with a newer version of
   * the app, which waits for this tab to let go (this tab closes it and should load the newer app).
   */
  static async open(name = DB_NAME, onNewerVersion?: () => void): Promise<FieldStore> {
    const db = await openDB<FieldDb>(name, 2, {
      upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          db.createObjectStore('records', { keyPath: 'recordId' }).createIndex('owner', 'owner');
          db.createObjectStore('batches', { keyPath: 'batchId' }).createIndex('owner', 'owner');
          db.createObjectStore('meta');
        }
        if (oldVersion < 2) {
          tx.objectStore('records').createIndex('queue', ['owner', 'state', 'savedAt']);
          tx.objectStore('batches').createIndex('state', ['owner', 'state']);
        }
      },
      blocking() {
        db.close();
        onNewerVersion?.();
      },
    });
    return new FieldStore(db);
  }

  close(): void {
    this.db.close();
  }

  async meta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put('meta', value, key);
  }

  async deleteMeta(key: string): Promise<void> {
    await this.db.delete('meta', key);
  }

  /** The device's id: made once, the first time it is asked for, and kept. */
  async deviceId(make: () => string): Promise<string> {
    const tx = this.db.transaction('meta', 'readwrite');
    const existing = (await tx.store.get('deviceId')) as string | undefined;
    if (existing) {
      await tx.done;
      return existing;
    }
    const made = make();
    await tx.store.put(made, 'deviceId');
    await tx.done;
    return made;
  }

  async save(record: QueuedRecord): Promise<void> {
    await this.db.put('records', record);
  }

  /**
   * The officer's records, oldest first, each with the unfinished batch that carries it; those are shown as sending
   * once the batch has been tried (a batch never tried, such as one made while offline, waits as its records do).
   */
  async records(owner: string): Promise<QueuedRecord[]> {
    const [records, unfinished] = await Promise.all([
      this.db.getAllFromIndex('records', 'owner', owner),
      this.unfinishedBatches(owner),
    ]);
    const carriedBy = new Map(unfinished.flatMap((batch) => batch.records.map((line) => [line.recordId, batch])));
    return records
      .map((record) => {
        const batch = carriedBy.get(record.recordId);
        if (record.state !== 'waiting' || !batch) return record;
        return { ...record, state: batch.attempts > 0 ? ('sending' as const) : record.state, batchId: batch.batchId };
      })
      .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  }

  async record(recordId: string): Promise<QueuedRecord | undefined> {
    return this.db.get('records', recordId);
  }

  /** How many records wait on this device, by owner. */
  async waitingByOwner(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const index = this.db.transaction('records').store.index('owner');
    // one step per officer, not per record: the count of each is the index's own
    let cursor = await index.openKeyCursor(null, 'nextunique');
    while (cursor) {
      counts.set(cursor.key, await index.count(cursor.key));
      cursor = await cursor.continue();
    }
    return counts;
  }

  /** A corrected rejected or conflicting record goes back to waiting (a conflict under a new recordId). */
  async resend(recordId: string, data: Record<string, unknown>, summary: string, newRecordId?: string): Promise<void> {
    const tx = this.db.transaction('records', 'readwrite');
    const record = await tx.store.get(recordId);
    if (!record || (record.state !== 'rejected' && record.state !== 'conflict')) {
      await tx.done;
      throw new Error('only a rejected or conflicting record can be corrected and sent again');
    }
    const { reasons: _reasons, batchId: _batchId, ...rest } = record;
    if (newRecordId) await tx.store.delete(recordId);
    await tx.store.put({ ...rest, recordId: newRecordId ?? recordId, data, summary, state: 'waiting' });
    await tx.done;
  }

  async discard(recordId: string): Promise<void> {
    const tx = this.db.transaction('records', 'readwrite');
    const record = await tx.store.get(recordId);
    if (record && record.state !== 'waiting' && record.state !== 'sending') await tx.store.delete(recordId);
    else if (record) throw new Error('a record waiting to be sent can be discarded only after its receipt');
    await tx.done;
  }

  /**
   * Puts the officer's oldest waiting records (one kind and port, within the batch limits) into one batch, its batchId
   * fixed now, before its first send; undefined when nothing waits. A record is in exactly one unfinished batch or in
   * none: the batch is written in the transaction that read which records the unfinished batches hold, and the batch
   * alone marks its records as on their way (nothing rewrites them). One batch at a time, so the first can be on its
   * way while the next is made; `moreWaiting` says whether records it left out were waiting when it was made.
   * With `only: 'full'`, a batch is made only if it is full (it could take no more records), so that one made while
   * offline is the batch it would have been when the network returned.
   */
  async makeBatch(
    owner: string,
    deviceId: string,
    newId: () => string,
    now: Date,
    limits: BatchLimits = BATCH_LIMITS,
    only: 'any' | 'full' = 'any',
  ): Promise<MadeBatch | undefined> {
    const tx = this.db.transaction(['records', 'batches'], 'readwrite');
    const records = tx.objectStore('records');
    // the oldest waiting records (the index is ordered by owner, state, savedAt) in one read when no batch is on its
    // way; else the waiting records' keys, those the unfinished batches carry left out, and the rest one by one; one
    // record more than a batch takes, to know whether any is left
    const readLimit = limits.maxRecords + 1;
    const batches = tx.objectStore('batches').index('state');
    const oldestBesides = async (unfinished: QueuedBatch[]) => {
      const onTheirWay = new Set(unfinished.flatMap((batch) => batch.records.map((line) => line.recordId)));
      const keys = await records.index('queue').getAllKeys(waitingOf(owner));
      const ids = keys.filter((recordId) => !onTheirWay.has(recordId)).slice(0, readLimit);
      const found = await Promise.all(ids.map((recordId) => records.get(recordId)));
      return found.filter((record): record is QueuedRecord => record !== undefined);
    };
    const waiting =
      (await batches.count(unfinishedOf(owner))) === 0
        ? await records.index('queue').getAll(waitingOf(owner), readLimit)
        : await oldestBesides(await batches.getAll(unfinishedOf(owner)));
    const first = waiting[0];
    if (!first) {
      await tx.done;
      return undefined;
    }
    const candidates = waiting.filter((record) => record.kind === first.kind && record.portCode === first.portCode);
    const plans = planBatches(
      candidates.map((record) => ({ recordId: record.recordId, kind: record.kind, line: JSON.stringify(record.data) })),
      limits,
    );
    const [plan] = plans;
    if (!plan) throw new Error('a waiting record made no batch');
    // full: a limit closed it, so records that come later would make a batch of their own anyway
    if (only === 'full' && plan.recordIds.length < limits.maxRecords && plans.length === 1) {
      await tx.done;
      return undefined;
    }
    const batch: QueuedBatch = {
      batchId: newId(),
      owner,
      kind: first.kind,
      portCode: first.portCode,
      deviceId,
      records: candidates
        .slice(0, plan.recordIds.length)
        .map((record) => ({ recordId: record.recordId, summary: record.summary })),
      body: plan.body,
      createdAt: now.toISOString(),
      state: 'ready',
      attempts: 0,
    };
    await Promise.all([tx.objectStore('batches').put(batch), tx.done]);
    return { batch, moreWaiting: waiting.length > batch.records.length };
  }

  /** The officer's batches not yet answered by a receipt, oldest first. */
  async unfinishedBatches(owner: string): Promise<QueuedBatch[]> {
    const batches = await this.db.getAllFromIndex('batches', 'state', unfinishedOf(owner));
    return batches.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The officer's answered batches, newest first: what was sent, when, and what became of each record. */
  async receipts(owner: string): Promise<QueuedBatch[]> {
    const batches = await this.db.getAllFromIndex('batches', 'owner', owner);
    return batches
      .filter((batch) => batch.state === 'done')
      .sort((a, b) => (b.receipt?.processedAt ?? '').localeCompare(a.receipt?.processedAt ?? ''));
  }

  async updateBatch(batchId: string, change: Partial<QueuedBatch>): Promise<void> {
    const tx = this.db.transaction('batches', 'readwrite');
    const batch = await tx.store.get(batchId);
    if (batch) await tx.store.put({ ...batch, ...change });
    await tx.done;
  }

  /**
   * Applies a receipt, in one transaction: stored records leave the queue, rejected and conflicting ones stay with
   * their reasons, records the receipt does not account for wait to be sent again; the batch becomes a receipt.
   * Returns the batch as kept in the receipts, or undefined when it had been answered already.
   */
  async applyReceipt(
    batchId: string,
    receipt: ReceiptSummary,
    outcomes: readonly RecordOutcome[],
  ): Promise<QueuedBatch | undefined> {
    // relaxed: a receipt lost to a power cut is read again (the batch is still unanswered here, and the server
    // answers the same receipt), so this write need not wait for the disk
    const tx = this.db.transaction(['records', 'batches'], 'readwrite', { durability: 'relaxed' });
    const batches = tx.objectStore('batches');
    const records = tx.objectStore('records');
    const batch = await batches.get(batchId);
    if (!batch || batch.state === 'done') {
      await tx.done;
      return undefined;
    }
    // a record of an unanswered batch is in that batch alone until its receipt (makeBatch takes no record another
    // unfinished batch carries; discard and resend leave waiting ones alone): a stored one leaves the queue unread,
    // the others are read and changed; one the receipt does not account for simply waits again
    const members = new Set(batch.records.map((line) => line.recordId));
    const ours = outcomes.filter((outcome) => members.has(outcome.recordId));
    const writes: Promise<unknown>[] = ours
      .filter((outcome) => outcome.result === 'stored')
      .map((outcome) => records.delete(outcome.recordId));
    const others = ours.filter((outcome) => outcome.result !== 'stored');
    const kept = await Promise.all(others.map((outcome) => records.get(outcome.recordId)));
    others.forEach((outcome, i) => {
      const record = kept[i];
      // records batched by the first version of this app carry their batchId
      if (!record || (record.batchId !== undefined && record.batchId !== batchId)) return;
      const after = recordAfter(record, outcome);
      writes.push(after ? records.put(after) : records.delete(outcome.recordId));
    });
    const answered = answeredBatch(batch, receipt, outcomes);
    writes.push(batches.put(answered));
    await Promise.all([...writes, tx.done]);
    await this.pruneReceipts(batch.owner);
    return answered;
  }

  /** Opens an outage if none is open (every tab hears the same `offline` event; the first one counts). */
  async openOutage(since: Date): Promise<void> {
    const tx = this.db.transaction('meta', 'readwrite');
    if (!(await tx.store.get(OUTAGE))) await tx.store.put({ since: since.toISOString() }, OUTAGE);
    await tx.done;
  }

  /**
   * Closes the open outage (or the run of failed sends) and queues the record that reports it, in one transaction:
   * two tabs hearing the network come back make one record, not two. Returns that record (none when no note was open).
   */
  async closeConnectivityNote<T>(
    key: 'outage' | 'failedSends',
    report: (note: T) => QueuedRecord,
  ): Promise<QueuedRecord | undefined> {
    const tx = this.db.transaction(['meta', 'records'], 'readwrite');
    const note = (await tx.objectStore('meta').get(key)) as T | undefined;
    const record = note === undefined ? undefined : report(note);
    if (record) {
      await tx.objectStore('records').put(record);
      await tx.objectStore('meta').delete(key);
    }
    await tx.done;
    return record;
  }

  async updateMeta<T>(key: string, change: (previous: T | undefined) => T): Promise<void> {
    const tx = this.db.transaction('meta', 'readwrite');
    await tx.store.put(change((await tx.store.get(key)) as T | undefined), key);
    await tx.done;
  }

  private async pruneReceipts(owner: string): Promise<void> {
    if ((await this.db.countFromIndex('batches', 'owner', owner)) <= RECEIPTS_KEPT) return;
    const done = await this.receipts(owner);
    for (const old of done.slice(RECEIPTS_KEPT)) await this.db.delete('batches', old.batchId);
  }
}
