import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import { BATCH_LINES, BATCHES_IN_FLIGHT, processUpload } from '../../functions/ingest/process-upload.js';
import { memoryDeps } from '../support/fakes.js';

const KEY = 'incoming/inspections/2304/HH-2304-07/batch-1.jsonl';

function balanced(receipt: {
  received: number;
  accepted: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
}) {
  return receipt.received === receipt.accepted + receipt.duplicates + receipt.conflicts + receipt.rejected;
}

describe('processUpload', () => {
  it('stores valid lines, rejects the rest with line and field, quarantines them, and writes one receipt', async () => {
    const { deps, objects, records, uploads } = memoryDeps();
    objects.objects.set(
      KEY,
      Buffer.concat([
        jsonl([inspection({ recordId: 'a' }), inspection({ recordId: 'b', travelers: -2 })]),
        Buffer.from('nope\n'),
      ]),
    );
    const { receipt, receiptKey } = await processUpload(deps, { key: KEY, sequencer: '01' });
    expect(receiptKey).toBe('receipts/inspections/2304/HH-2304-07/batch-1.json');
    expect(receipt).toMatchObject({
      status: 'partial',
      received: 3,
      accepted: 1,
      duplicates: 0,
      conflicts: 0,
      rejected: 2,
      batchId: 'batch-1',
    });
    expect(receipt.errors).toEqual([
      { line: 2, field: 'travelers', message: 'must be 0 or more' },
      { line: 3, field: '(line)', message: expect.stringMatching(/^is not valid JSON/) },
    ]);
    expect([...records.items.keys()]).toEqual(['inspections#2304#a']);
    expect(objects.lines('quarantine/inspections/2304/HH-2304-07/batch-1.jsonl')).toHaveLength(2);
    expect(JSON.parse(objects.objects.get(receiptKey)?.toString() ?? '{}')).toEqual(receipt);
    expect(uploads.receipts.get(receiptKey)).toEqual(receipt);
  });

  it('counts a repeated upload as duplicates and changes nothing', async () => {
    const { deps, objects, records } = memoryDeps();
    const body = jsonl([inspection({ recordId: 'a' }), inspection({ recordId: 'b' })]);
    const repeat = 'incoming/inspections/2304/HH-2304-07/batch-1-resent.jsonl';
    objects.objects.set(KEY, body);
    objects.objects.set(repeat, body);
    await processUpload(deps, { key: KEY, sequencer: '01' });
    const stored = structuredClone([...records.items.values()]);
    const again = await processUpload(deps, { key: repeat, sequencer: '02' });
    expect(again.receipt).toMatchObject({ status: 'accepted', accepted: 0, duplicates: 2 });
    expect([...records.items.values()]).toEqual(stored);
  });

  it('never replaces the first receipt: a later object under the same batch key gets a rejected receipt beside it', async () => {
    const { deps, objects, records, referrals, uploads } = memoryDeps();
    const seizure = inspection({ recordId: 'first', disposition: 'seized', findings: [{ type: 'firearm', count: 1 }] });
    objects.objects.set(KEY, jsonl([seizure]));
    const first = await processUpload(deps, { key: KEY, sequencer: '01' });
    expect(first.receipt).toMatchObject({ status: 'accepted', accepted: 1, referralsRequested: 1, delivery: '01' });

    objects.objects.set(KEY, jsonl([inspection({ recordId: 'first', travelers: 9 }), inspection({ recordId: 'new' })]));
    const second = await processUpload(deps, { key: KEY, sequencer: '02' });
    expect(second.receiptKey).toBe('receipts/_again/inspections/2304/HH-2304-07/batch-1.json');
    expect(second.receipt).toMatchObject({ status: 'rejected', received: 0, delivery: '02' });
    expect(second.receipt.reason).toMatch(/^batch batch-1 was already taken in at .* new batch id$/);
    expect(await objects.getJson('receipts/inspections/2304/HH-2304-07/batch-1.json')).toEqual(first.receipt);
    expect(uploads.receipts.get(first.receiptKey)).toEqual(first.receipt);
    expect([...records.items.keys()]).toEqual(['inspections#2304#first']);
    expect(referrals.requests.size).toBe(1);

    // the first object's own event, delivered again, is answered by its receipt
    expect((await processUpload(deps, { key: KEY, sequencer: '01' })).receipt).toEqual(first.receipt);
  });

  it('counts a redelivered event as the same delivery: accepted again, nothing new stored', async () => {
    const { deps, objects, records } = memoryDeps();
    objects.objects.set(KEY, jsonl([inspection({ recordId: 'a' }), inspection({ recordId: 'a' })]));
    const first = await processUpload(deps, { key: KEY, sequencer: '01' });
    const second = await processUpload(deps, { key: KEY, sequencer: '01' });
    expect(first.receipt).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(second.receipt).toEqual({ ...first.receipt, processedAt: second.receipt.processedAt });
    expect(records.items.size).toBe(1);
  });

  it('keeps the stored record on a conflict and names the new one', async () => {
    const { deps, objects, records } = memoryDeps();
    objects.objects.set(KEY, jsonl([inspection({ recordId: 'a', travelers: 1 })]));
    await processUpload(deps, { key: KEY, sequencer: '01' });
    const other = 'incoming/inspections/2304/HH-2304-07/batch-2.jsonl';
    objects.objects.set(other, jsonl([inspection({ recordId: 'a', travelers: 4 })]));
    const { receipt } = await processUpload(deps, { key: other, sequencer: '02' });
    expect(receipt).toMatchObject({
      status: 'rejected',
      conflicts: 1,
      conflictedRecords: [{ line: 1, recordId: 'a' }],
    });
    expect(records.items.get('inspections#2304#a')?.record.data).toMatchObject({ travelers: 1 });
    expect(objects.lines('quarantine/inspections/2304/HH-2304-07/batch-2.jsonl')).toEqual([
      expect.objectContaining({ line: 1, outcome: 'conflict', record: expect.objectContaining({ travelers: 4 }) }),
    ]);
  });

  it('finishes a batch after a crash half-way: the retry accepts every line once, and requests each referral once', async () => {
    const { deps, objects, records, referrals } = memoryDeps();
    const lines = Array.from({ length: 600 }, (_, i) =>
      inspection({
        recordId: `r${i}`,
        disposition: i % 100 === 0 ? 'seized' : 'cleared',
        findings: i % 100 === 0 ? [{ type: 'firearm', count: 1 }] : [],
      }),
    );
    objects.objects.set(KEY, jsonl(lines));
    records.failAfter = 300;
    await expect(processUpload(deps, { key: KEY, sequencer: '07' })).rejects.toThrow('injected crash');
    expect(records.items.size).toBe(300);
    records.failAfter = Number.POSITIVE_INFINITY;
    const { receipt } = await processUpload(deps, { key: KEY, sequencer: '07' });
    expect(receipt).toMatchObject({
      status: 'accepted',
      received: 600,
      accepted: 600,
      duplicates: 0,
      referralsRequested: 6,
    });
    expect(records.items.size).toBe(600);
    expect(referrals.requests.size).toBe(6);
  });

  it('stores the next batch while the last one is written, and still answers in line order, the first line winning', async () => {
    const { deps, objects, records } = memoryDeps();
    // each call answers later than the one after it, so a batch that overlapped its predecessor finishes first
    let calls = 0;
    let pending = 0;
    let mostAtOnce = 0;
    const store = records.storeIfAbsent.bind(records);
    records.storeIfAbsent = async (batch) => {
      const wait = 40 - 10 * calls++;
      mostAtOnce = Math.max(mostAtOnce, ++pending);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      pending--;
      return store(batch);
    };
    const lines = Array.from({ length: BATCH_LINES * 3 }, (_, i) => inspection({ recordId: `o${i}` }));
    lines[10] = inspection({ recordId: 'twice', travelers: 1 });
    lines[BATCH_LINES + 10] = inspection({ recordId: 'twice', travelers: 5 });
    lines[BATCH_LINES + 20] = inspection({ recordId: 'bad', travelers: -1 });
    lines[2 * BATCH_LINES + 5] = inspection({ recordId: 'bad-too', travelers: -1 });
    lines[5] = inspection({ recordId: 'bad-first', travelers: -1 });
    objects.objects.set(KEY, jsonl(lines));
    const { receipt } = await processUpload(deps, { key: KEY, sequencer: '01' });
    expect(mostAtOnce).toBe(BATCHES_IN_FLIGHT);
    expect(receipt).toMatchObject({ received: 750, accepted: 746, rejected: 3, conflicts: 1 });
    expect(records.items.get('inspections#2304#twice')?.record.data).toMatchObject({ travelers: 1 });
    expect(receipt.errors.map((e) => e.line)).toEqual([6, BATCH_LINES + 21, 2 * BATCH_LINES + 6]);
    const kept = objects.lines('quarantine/inspections/2304/HH-2304-07/batch-1.jsonl') as Array<{ line: number }>;
    expect(kept.map((entry) => entry.line)).toEqual([6, BATCH_LINES + 11, BATCH_LINES + 21, 2 * BATCH_LINES + 6]);
  });

  it('refuses objects that are not batches, with a reason', async () => {
    const { deps, objects } = memoryDeps({ maxUploadBytes: 100 });
    const cases: Array<[string, Buffer | undefined, RegExp]> = [
      ['incoming/inspections/2304/HH/empty.jsonl', Buffer.alloc(0), /empty/],
      ['incoming/inspections/2304/HH/big.jsonl', Buffer.alloc(101, 0x20), /over the limit of 100/],
      ['incoming/inspections/9999/HH/port.jsonl', Buffer.from('{}\n'), /not in the port registry/],
      ['incoming/inspections/2304/HH/gone.jsonl', undefined, /no longer exists/],
      ['incoming/inspections/2304/HH/utf16.jsonl', Buffer.from('\uFEFF{}', 'utf16le'), /UTF-16/],
      ['incoming/nonsense.bin', Buffer.from('x'), /must follow/],
    ];
    for (const [key, body, reason] of cases) {
      if (body) objects.objects.set(key, body);
      const { receipt } = await processUpload(deps, { key });
      expect(receipt).toMatchObject({ status: 'rejected', received: 0 });
      expect(receipt.reason).toMatch(reason);
    }
    expect(objects.objects.has('receipts/_invalid/incoming/nonsense.bin.json')).toBe(true);
  });

  it('gives any byte sequence a balanced receipt and never crashes', async () => {
    const record = jsonl([inspection({ recordId: 'seed' })]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc
            .array(
              fc.oneof(fc.string(), fc.constant(record.toString()), fc.constant('\n'), fc.constant('\r\n'), fc.json()),
            )
            .map((parts) => Buffer.from(parts.join(''))),
        ),
        fc.constantFrom('jsonl', 'csv'),
        async (bytes, format) => {
          const { deps, objects } = memoryDeps();
          const key = `incoming/inspections/2304/HH/fuzz.${format}`;
          objects.objects.set(key, Buffer.from(bytes));
          const { receipt } = await processUpload(deps, { key, sequencer: '1' });
          expect(balanced(receipt)).toBe(true);
          expect(receipt.errors.length + receipt.errorsOmitted).toBeGreaterThanOrEqual(Math.min(receipt.rejected, 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
