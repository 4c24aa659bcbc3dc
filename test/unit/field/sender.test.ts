// The field app's sender against an in-memory queue and a fake uploads API that ingests what is PUT: batches made
// one at a time while the one before uploads, receipts asked for right after each PUT, every record stored once.
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../../functions/domain/uploads/receipt.js';
import { FIRST_POLL_MS, nextPollMs } from '../../../functions/domain/uploads/receipt-polling.js';
import { type BatchLimits, planBatches } from '../../../web/field/queue/batching.js';
import { type QueueChange, type SendingStore, sendQueue } from '../../../web/field/queue/sender.js';
import { type QueuedBatch, type QueuedRecord, recordAfter } from '../../../web/field/queue/store.js';
import { SendFailedError, ServerBusyError, type UploadsApi } from '../../../web/field/uploads-api.js';

const OWNER = 'officer-sub';

/** The queue as the FieldStore keeps it, in memory, with its rules (one batch per record until its receipt). */
class MemoryStore implements SendingStore {
  readonly records = new Map<string, QueuedRecord>();
  readonly batches = new Map<string, QueuedBatch>();

  constructor(count: number) {
    this.add(0, count);
  }

  /** Records saved (in this tab or another) from number `from` on. */
  add(from: number, count: number) {
    for (let i = from; i < from + count; i++) {
      const recordId = `r${String(i).padStart(5, '0')}`;
      this.records.set(recordId, {
        recordId,
        kind: 'traffic',
        owner: OWNER,
        portCode: '2304',
        data: { recordId, exits: i },
        summary: `Traffic ${i}`,
        savedAt: new Date(1_700_000_000_000 + i).toISOString(),
        state: 'waiting',
      });
    }
  }

  async makeBatch(owner: string, deviceId: string, newId: () => string, now: Date, limits?: BatchLimits) {
    const waiting = [...this.records.values()]
      .filter((record) => record.owner === owner && record.state === 'waiting')
      .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
    const [plan] = planBatches(
      waiting.map((r) => ({ recordId: r.recordId, kind: r.kind, line: JSON.stringify(r.data) })),
      limits,
    );
    if (!plan) return undefined;
    const batch: QueuedBatch = {
      batchId: newId(),
      owner,
      kind: plan.kind,
      portCode: '2304',
      deviceId,
      records: plan.recordIds.map((recordId) => ({ recordId, summary: '' })),
      body: plan.body,
      createdAt: now.toISOString(),
      state: 'ready',
      attempts: 0,
    };
    this.batches.set(batch.batchId, batch);
    for (const recordId of plan.recordIds) {
      const record = this.records.get(recordId) as QueuedRecord;
      this.records.set(recordId, { ...record, state: 'sending', batchId: batch.batchId });
    }
    return { batch: structuredClone(batch), moreWaiting: waiting.length > plan.recordIds.length };
  }

  async unfinishedBatches(owner: string) {
    return [...this.batches.values()]
      .filter((batch) => batch.owner === owner && batch.state !== 'done')
      .map((batch) => structuredClone(batch));
  }

  async updateBatch(batchId: string, change: Partial<QueuedBatch>) {
    const batch = this.batches.get(batchId);
    if (batch) this.batches.set(batchId, { ...batch, ...change });
  }

  async applyReceipt(batchId: string, receipt: QueuedBatch['receipt'], outcomes: Parameters<typeof recordAfter>[1][]) {
    const batch = this.batches.get(batchId);
    if (!batch || batch.state === 'done') return undefined;
    for (const outcome of outcomes) {
      const record = this.records.get(outcome.recordId);
      if (!record || record.batchId !== batchId) continue;
      const after = recordAfter(record, outcome);
      if (after) this.records.set(record.recordId, after);
      else this.records.delete(record.recordId);
    }
    const { body: _body, ...rest } = batch;
    const answered: QueuedBatch = { ...rest, state: 'done', ...(receipt ? { receipt } : {}) };
    this.batches.set(batchId, answered);
    return answered;
  }
}

/** The API and the ingest behind it: each PUT body's lines stored by recordId, its receipt ready after `polls`. */
function fakeApi(options: { processingPolls?: number; busyPolls?: number; failPut?: (n: number) => boolean } = {}) {
  const stored = new Map<string, number>();
  const uploaded = new Map<string, { lines: string[]; asked: number }>();
  const urls = new Map<string, string>();
  const calls: string[] = [];
  let puts = 0;
  const api: UploadsApi = {
    async requestUpload(request) {
      calls.push(`POST ${request.batchId}`);
      if (uploaded.has(request.batchId)) return { status: 'processed' };
      urls.set(`put:${request.batchId}`, request.batchId);
      return { status: 'upload', uploadUrl: `put:${request.batchId}`, headers: {} };
    },
    async put(uploadUrl, _headers, body) {
      const batchId = urls.get(uploadUrl) as string;
      calls.push(`PUT ${batchId}`);
      if (options.failPut?.(++puts)) throw new SendFailedError('Failed to fetch');
      if (uploaded.has(batchId)) return false;
      uploaded.set(batchId, { lines: body.trimEnd().split('\n'), asked: 0 });
      return true;
    },
    async receipt(batchId) {
      calls.push(`GET ${batchId}`);
      const upload = uploaded.get(batchId);
      if (!upload) return { status: 'unknown' };
      if (upload.asked < (options.busyPolls ?? 0)) {
        upload.asked++;
        throw new ServerBusyError('the server answered 429');
      }
      if (upload.asked++ < (options.busyPolls ?? 0) + (options.processingPolls ?? 0)) return { status: 'processing' };
      let accepted = 0;
      let duplicates = 0;
      for (const line of upload.lines) {
        const { recordId } = JSON.parse(line) as { recordId: string };
        if (stored.has(recordId)) duplicates++;
        else accepted++;
        stored.set(recordId, (stored.get(recordId) ?? 0) + 1);
      }
      upload.lines = []; // processed once; asked again, the same receipt
      const receipt = {
        batchId,
        status: 'accepted',
        received: accepted + duplicates,
        accepted,
        duplicates,
        conflicts: 0,
        rejected: 0,
        errors: [],
        conflictedRecords: [],
        errorsOmitted: 0,
        processedAt: new Date().toISOString(),
      } as unknown as Receipt;
      return { status: 'processed', receipt };
    },
    async reachable() {
      return true;
    },
  };
  return { api, calls, stored };
}

let id = 0;

function deps(store: MemoryStore, api: UploadsApi, sleeps: number[] = [], changes: QueueChange[] = []) {
  return {
    store,
    api,
    deviceId: 'HH-test',
    newId: () => `b${++id}`,
    now: () => new Date(),
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    changed: (change: QueueChange) => changes.push(change),
  };
}

describe('the sender', () => {
  it('sends 2,500 records in batches of up to 1,000, each record stored exactly once', async () => {
    const store = new MemoryStore(2500);
    const { api, stored } = fakeApi();
    const changes: QueueChange[] = [];
    const outcome = await sendQueue(deps(store, api, [], changes), { owner: OWNER, accessToken: 't' });
    expect(outcome).toEqual({ result: 'sent', batches: 3, awaiting: 0 });
    expect(store.records.size).toBe(0);
    expect(stored.size).toBe(2500);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    const sizes = changes.filter((c) => c.type === 'batched').map((c) => c.batch.records.length);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(changes.filter((c) => c.type === 'receipt-read')).toHaveLength(3);
    expect(changes.filter((c) => c.type === 'answered')).toHaveLength(3);
  });

  it('sends a batch made before the round (offline) first, and makes none after one that took every waiting record', async () => {
    const store = new MemoryStore(1500);
    const offline = await store.makeBatch(OWNER, 'HH-test', () => 'offline', new Date());
    expect(offline?.batch.records).toHaveLength(1000);
    const made: number[] = [];
    const makeBatch = store.makeBatch.bind(store);
    store.makeBatch = async (...args: Parameters<MemoryStore['makeBatch']>) => {
      const result = await makeBatch(...args);
      made.push(result?.batch.records.length ?? 0);
      return result;
    };
    const { api, calls, stored } = fakeApi();
    const changes: QueueChange[] = [];
    const outcome = await sendQueue(deps(store, api, [], changes), { owner: OWNER, accessToken: 't' });
    expect(outcome).toEqual({ result: 'sent', batches: 2, awaiting: 0 });
    expect(calls.find((call) => call.startsWith('PUT'))).toBe('PUT offline');
    // shown as on its way when the round takes it up, as a batch the round makes is
    expect(changes.filter((c) => c.type === 'batched').map((c) => c.batch.records.length)).toEqual([1000, 500]);
    // the 500 left were every waiting record: no further read of the queue for a batch
    expect(made).toEqual([500]);
    expect(stored.size).toBe(1500);
    expect(store.records.size).toBe(0);
  });

  it('sends in the same round a batch another tab made while it ran', async () => {
    const store = new MemoryStore(1000);
    const { api, calls, stored } = fakeApi();
    const put = api.put.bind(api);
    let otherTab = false;
    api.put = async (...args) => {
      if (!otherTab) {
        // another tab, offline a moment ago, saves 1,000 records and makes them into a batch of its own
        otherTab = true;
        store.add(1000, 1000);
        await store.makeBatch(OWNER, 'HH-other', () => 'other-tab', new Date());
      }
      return put(...args);
    };
    const outcome = await sendQueue(deps(store, api), { owner: OWNER, accessToken: 't' });
    expect(outcome).toEqual({ result: 'sent', batches: 2, awaiting: 0 });
    expect(calls).toContain('PUT other-tab');
    expect(stored.size).toBe(2000);
    expect(store.records.size).toBe(0);
  });

  it('asks for a batch’s receipt right after its PUT, beside the next batch’s upload', async () => {
    const store = new MemoryStore(1700);
    const { api, calls } = fakeApi({ processingPolls: 2 });
    const changes: QueueChange[] = [];
    await sendQueue(deps(store, api, [], changes), { owner: OWNER, accessToken: 't' });
    const [first, second] = changes.filter((c) => c.type === 'batched').map((c) => c.batch.batchId);
    // batch 1's first receipt read comes before batch 2 is uploaded, not after every upload
    expect(calls.indexOf(`GET ${first}`)).toBeGreaterThan(calls.indexOf(`PUT ${first}`));
    expect(calls.indexOf(`GET ${first}`)).toBeLessThan(calls.indexOf(`PUT ${second}`));
  });

  it('asks again a second later when the API answers 429 to a receipt, and the round goes on', async () => {
    const store = new MemoryStore(10);
    const sleeps: number[] = [];
    const { api } = fakeApi({ busyPolls: 2 });
    const outcome = await sendQueue(deps(store, api, sleeps), { owner: OWNER, accessToken: 't' });
    expect(outcome).toEqual({ result: 'sent', batches: 1, awaiting: 0 });
    expect(store.records.size).toBe(0);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('waits 50 ms, then a tenth of a second between asks, a quarter second after 5 s, longer after 15 s', async () => {
    const store = new MemoryStore(10);
    const sleeps: number[] = [];
    const { api } = fakeApi({ processingPolls: 5 });
    await sendQueue(deps(store, api, sleeps), { owner: OWNER, accessToken: 't' });
    expect(sleeps).toEqual([FIRST_POLL_MS, 100, 100, 100, 100]);
    expect(nextPollMs(100, 6_000)).toBe(200);
    expect(nextPollMs(200, 7_000)).toBe(250);
    expect(nextPollMs(250, 16_000)).toBe(375);
    expect(nextPollMs(3_000, 60_000)).toBe(3_000);
  });

  it('loses nothing and doubles nothing when an upload fails midway: the next round finishes the work', async () => {
    const store = new MemoryStore(2000);
    const { api, stored } = fakeApi({ processingPolls: 1, failPut: (n) => n === 2 });
    const first = await sendQueue(deps(store, api), { owner: OWNER, accessToken: 't' });
    expect(first.result).toBe('failed');
    expect(store.records.size).toBeGreaterThan(0);
    const second = await sendQueue(deps(store, api), { owner: OWNER, accessToken: 't' });
    expect(second.result).toBe('sent');
    expect(store.records.size).toBe(0);
    expect(stored.size).toBe(2000);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
  });
});
