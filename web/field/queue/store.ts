// The device's queue in IndexedDB: records from "Save" until a receipt names them stored, the batches they travel
// in (kept afterwards as the officer's receipts), and the device's own facts. Every record belongs to one officer.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { FieldIssue } from '../../../functions/domain/errors.js';
import type { RecordKind } from '../../../functions/domain/records/schemas.js';
import { type PlannedBatch, planBatches } from './batching.js';
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

export interface ReceiptSummary {
  status: string;
  received: number;
  accepted: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
  processedAt: string;
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

interface FieldDb extends DBSchema {
  records: { key: string; value: QueuedRecord; indexes: { owner: string } };
  batches: { key: string; value: QueuedBatch; indexes: { owner: string } };
  meta: { key: string; value: unknown };
}

export const DB_NAME = 'outbound-field';
const OUTAGE = 'outage';
/** Finished batches kept per officer as their receipts list. */
export const RECEIPTS_KEPT = 200;

export class FieldStore {
  private constructor(private readonly db: IDBPDatabase<FieldDb>) {}

  static async open(name = DB_NAME): Promise<FieldStore> {
    const db = await openDB<FieldDb>(name, 1, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'recordId' }).createIndex('owner', 'owner');
        db.createObjectStore('batches', { keyPath: 'batchId' }).createIndex('owner', 'owner');
        db.createObjectStore('meta');
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

  async records(owner: string): Promise<QueuedRecord[]> {
    const records = await this.db.getAllFromIndex('records', 'owner', owner);
    return records.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  }

  async record(recordId: string): Promise<QueuedRecord | undefined> {
    return this.db.get('records', recordId);
  }

  /** How many records wait on this device, by owner. */
  async waitingByOwner(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    let cursor = await this.db.transaction('records').store.index('owner').openKeyCursor();
    while (cursor) {
      counts.set(cursor.key, (counts.get(cursor.key) ?? 0) + 1);
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
   * Puts every waiting record of the officer into batches, each with its batchId fixed now, before its first send.
   * Records and batches change in one transaction: a record is in exactly one unfinished batch or in none.
   */
  async makeBatches(owner: string, deviceId: string, newId: () => string, now: Date): Promise<QueuedBatch[]> {
    const tx = this.db.transaction(['records', 'batches'], 'readwrite');
    const records = (await tx.objectStore('records').index('owner').getAll(owner))
      .filter((record) => record.state === 'waiting')
      .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
    const byId = new Map(records.map((record) => [record.recordId, record]));
    const made: QueuedBatch[] = [];
    const byPort = new Map<string, QueuedRecord[]>();
    for (const record of records) byPort.set(record.portCode, [...(byPort.get(record.portCode) ?? []), record]);
    for (const [portCode, ofPort] of byPort) {
      const planned: PlannedBatch[] = planBatches(
        ofPort.map((record) => ({ recordId: record.recordId, kind: record.kind, line: JSON.stringify(record.data) })),
      );
      for (const plan of planned) {
        const batch: QueuedBatch = {
          batchId: newId(),
          owner,
          kind: plan.kind,
          portCode,
          deviceId,
          records: plan.recordIds.map((recordId) => ({ recordId, summary: byId.get(recordId)?.summary ?? '' })),
          body: plan.body,
          createdAt: now.toISOString(),
          state: 'ready',
          attempts: 0,
        };
        await tx.objectStore('batches').put(batch);
        for (const recordId of plan.recordIds) {
          const record = byId.get(recordId) as QueuedRecord;
          await tx.objectStore('records').put({ ...record, state: 'sending', batchId: batch.batchId });
        }
        made.push(batch);
      }
    }
    await tx.done;
    return made;
  }

  /** The officer's batches not yet answered by a receipt, oldest first. */
  async unfinishedBatches(owner: string): Promise<QueuedBatch[]> {
    const batches = await this.db.getAllFromIndex('batches', 'owner', owner);
    return batches.filter((batch) => batch.state !== 'done').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
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
   */
  async applyReceipt(batchId: string, receipt: ReceiptSummary, outcomes: readonly RecordOutcome[]): Promise<void> {
    const tx = this.db.transaction(['records', 'batches'], 'readwrite');
    const batches = tx.objectStore('batches');
    const records = tx.objectStore('records');
    const batch = await batches.get(batchId);
    if (!batch || batch.state === 'done') {
      await tx.done;
      return;
    }
    const byId = new Map(outcomes.map((outcome) => [outcome.recordId, outcome]));
    for (const outcome of outcomes) {
      const record = await records.get(outcome.recordId);
      if (!record || record.batchId !== batchId) continue;
      const { batchId: _batchId, reasons: _reasons, ...rest } = record;
      if (outcome.result === 'stored') await records.delete(outcome.recordId);
      else if (outcome.result === 'unknown') await records.put({ ...rest, state: 'waiting' });
      else await records.put({ ...rest, state: outcome.result, reasons: outcome.reasons });
    }
    const { body: _body, ...kept } = batch;
    await batches.put({
      ...kept,
      state: 'done',
      receipt,
      records: batch.records.map((line) => {
        const outcome = byId.get(line.recordId);
        return outcome
          ? { ...line, result: outcome.result, ...('reasons' in outcome ? { reasons: outcome.reasons } : {}) }
          : line;
      }),
    });
    await tx.done;
    await this.pruneReceipts(batch.owner);
  }

  /** Opens an outage if none is open (every tab hears the same `offline` event; the first one counts). */
  async openOutage(since: Date): Promise<void> {
    const tx = this.db.transaction('meta', 'readwrite');
    if (!(await tx.store.get(OUTAGE))) await tx.store.put({ since: since.toISOString() }, OUTAGE);
    await tx.done;
  }

  /**
   * Closes the open outage (or the run of failed sends) and queues the record that reports it, in one transaction:
   * two tabs hearing the network come back make one record, not two.
   */
  async closeConnectivityNote<T>(key: 'outage' | 'failedSends', report: (note: T) => QueuedRecord): Promise<boolean> {
    const tx = this.db.transaction(['meta', 'records'], 'readwrite');
    const note = (await tx.objectStore('meta').get(key)) as T | undefined;
    if (note) {
      await tx.objectStore('records').put(report(note));
      await tx.objectStore('meta').delete(key);
    }
    await tx.done;
    return note !== undefined;
  }

  async updateMeta<T>(key: string, change: (previous: T | undefined) => T): Promise<void> {
    const tx = this.db.transaction('meta', 'readwrite');
    await tx.store.put(change((await tx.store.get(key)) as T | undefined), key);
    await tx.done;
  }

  private async pruneReceipts(owner: string): Promise<void> {
    const done = await this.receipts(owner);
    for (const old of done.slice(RECEIPTS_KEPT)) await this.db.delete('batches', old.batchId);
  }
}
