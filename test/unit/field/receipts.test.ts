import { describe, expect, it } from 'vitest';
import { outcomesOf, type ReceiptForMapping } from '../../../web/field/queue/receipts.js';

const ids = ['r1', 'r2', 'r3', 'r4'];
const clean: ReceiptForMapping = {
  received: 4,
  accepted: 4,
  duplicates: 0,
  conflicts: 0,
  rejected: 0,
  errors: [],
  conflictedRecords: [],
  errorsOmitted: 0,
};

describe('receipt → records', () => {
  it('names every record of a fully accepted batch stored', () => {
    expect(outcomesOf(ids, clean).map((o) => o.result)).toEqual(['stored', 'stored', 'stored', 'stored']);
  });

  it('counts duplicates as stored: the record is on the server', () => {
    const outcomes = outcomesOf(ids, { ...clean, accepted: 1, duplicates: 3 });
    expect(outcomes.every((o) => o.result === 'stored')).toBe(true);
  });

  it('maps each rejected line, with all its reasons, to the record at that line', () => {
    const outcomes = outcomesOf(ids, {
      ...clean,
      accepted: 3,
      rejected: 1,
      errors: [
        { line: 3, field: 'startedAt', message: 'is in the future' },
        { line: 3, field: 'travelers', message: 'must be 0 or more' },
      ],
    });
    expect(outcomes[2]).toEqual({
      recordId: 'r3',
      result: 'rejected',
      reasons: [
        { field: 'startedAt', message: 'is in the future' },
        { field: 'travelers', message: 'must be 0 or more' },
      ],
    });
    expect(outcomes.filter((o) => o.result === 'stored').map((o) => o.recordId)).toEqual(['r1', 'r2', 'r4']);
  });

  it('maps a conflict to its record, with the receipt message as the reason', () => {
    const outcomes = outcomesOf(ids, {
      ...clean,
      accepted: 3,
      conflicts: 1,
      conflictedRecords: [{ line: 1, recordId: 'r1', message: 'recordId r1 is already stored with different content' }],
    });
    expect(outcomes[0]).toMatchObject({ recordId: 'r1', result: 'conflict' });
    expect(outcomes[0]).toHaveProperty('reasons.0.message', 'recordId r1 is already stored with different content');
  });

  it('leaves unaccounted lines unknown (sent again) when the receipt does not cover the batch', () => {
    const short = outcomesOf(ids, { ...clean, received: 3, accepted: 3 });
    expect(short.map((o) => o.result)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    const omitted = outcomesOf(ids, {
      ...clean,
      accepted: 2,
      rejected: 2,
      errors: [{ line: 1, field: 'mode', message: 'bad' }],
      errorsOmitted: 1,
    });
    expect(omitted.map((o) => o.result)).toEqual(['rejected', 'unknown', 'unknown', 'unknown']);
  });

  it('never calls a record stored when the conflict at its line names another recordId', () => {
    const outcomes = outcomesOf(ids, {
      ...clean,
      accepted: 3,
      conflicts: 1,
      conflictedRecords: [{ line: 2, recordId: 'someone-else', message: 'x' }],
    });
    expect(outcomes[1]).toEqual({ recordId: 'r2', result: 'unknown' });
  });

  it('rejects every record, with the reason, when the whole upload was refused', () => {
    const outcomes = outcomesOf(ids, { ...clean, received: 0, accepted: 0, reason: 'the upload is empty' });
    expect(outcomes).toHaveLength(4);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        result: 'rejected',
        reasons: [{ message: 'the upload was refused: the upload is empty' }],
      });
    }
  });
});
