import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../../functions/domain/records/kinds.js';
import { MAX_BATCH_RECORDS, planBatches, type Sendable } from '../../../web/field/queue/batching.js';

const record = (i: number, kind: Sendable['kind'] = 'inspections', size = 10): Sendable => ({
  recordId: `r${i}`,
  kind,
  line: JSON.stringify({ recordId: `r${i}`, pad: 'x'.repeat(size) }),
});

describe('planning batches', () => {
  it('sends 2,500 records of one kind as a handful of batches, in order, line n being record n', () => {
    const records = Array.from({ length: 2500 }, (_, i) => record(i));
    const batches = planBatches(records);
    expect(batches.map((b) => b.recordIds.length)).toEqual([MAX_BATCH_RECORDS, MAX_BATCH_RECORDS, 500]);
    expect(batches.flatMap((b) => b.recordIds)).toEqual(records.map((r) => r.recordId));
    const [first] = batches;
    expect(first?.body.split('\n').slice(0, -1)).toEqual(records.slice(0, MAX_BATCH_RECORDS).map((r) => r.line));
  });

  it('keeps one kind per batch', () => {
    const batches = planBatches([record(1, 'traffic'), record(2, 'inspections'), record(3, 'traffic')]);
    expect(batches.map((b) => [b.kind, b.recordIds])).toEqual([
      ['traffic', ['r1', 'r3']],
      ['inspections', ['r2']],
    ]);
  });

  it('cuts a batch before it passes the byte limit', () => {
    const batches = planBatches(
      Array.from({ length: 10 }, (_, i) => record(i, 'inspections', 100)),
      { maxRecords: 100, maxBytes: 400 },
    );
    for (const batch of batches) expect(new TextEncoder().encode(batch.body).length).toBeLessThanOrEqual(400);
    expect(batches.flatMap((b) => b.recordIds)).toHaveLength(10);
  });

  it('puts every record in exactly one batch, whatever the mix and limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...RECORD_KINDS), fc.nat(300)), { maxLength: 300 }),
        fc.integer({ min: 1, max: 50 }),
        (specs, maxRecords) => {
          const records = specs.map(([kind, size], i) => record(i, kind, size));
          const batches = planBatches(records, { maxRecords, maxBytes: 2048 });
          const sent = batches.flatMap((b) => b.recordIds).sort();
          expect(sent).toEqual(records.map((r) => r.recordId).sort());
          for (const batch of batches) {
            expect(batch.recordIds.length).toBeLessThanOrEqual(maxRecords);
            expect(batch.body.split('\n')).toHaveLength(batch.recordIds.length + 1);
          }
        },
      ),
    );
  });
});
