// What a receipt says about each record of the batch it answers: line n of the upload is the batch's n-th record.
import type { FieldIssue } from '../../../functions/domain/errors.js';
import type { Receipt } from '../../../functions/domain/uploads/receipt.js';

export type RecordOutcome =
  | { recordId: string; result: 'stored' }
  | { recordId: string; result: 'rejected' | 'conflict'; reasons: FieldIssue[] }
  /** The receipt does not account for the line: the record is sent again (a repeat is only a duplicate). */
  | { recordId: string; result: 'unknown' };

export type ReceiptForMapping = Pick<
  Receipt,
  'received' | 'accepted' | 'duplicates' | 'conflicts' | 'rejected' | 'errors' | 'conflictedRecords' | 'errorsOmitted'
> & { reason?: string | undefined };

export function outcomesOf(recordIds: readonly string[], receipt: ReceiptForMapping): RecordOutcome[] {
  if (receipt.received === 0 && receipt.reason) {
    const reasons = [{ field: '(batch)', message: `the upload was refused: ${receipt.reason}` }];
    return recordIds.map((recordId) => ({ recordId, result: 'rejected', reasons }));
  }
  const errorsByLine = new Map<number, FieldIssue[]>();
  for (const { line, field, message } of receipt.errors) {
    const list = errorsByLine.get(line) ?? [];
    list.push({ field, message });
    errorsByLine.set(line, list);
  }
  const conflictsByLine = new Map(receipt.conflictedRecords.map((note) => [note.line, note]));
  // Every line is named or counted: otherwise the unnamed lines' fate is unknown and they are sent again.
  const complete =
    receipt.received === recordIds.length &&
    receipt.errorsOmitted === 0 &&
    errorsByLine.size === receipt.rejected &&
    conflictsByLine.size === receipt.conflicts &&
    receipt.accepted + receipt.duplicates + receipt.conflicts + receipt.rejected === receipt.received;
  return recordIds.map((recordId, index): RecordOutcome => {
    const line = index + 1;
    const errors = errorsByLine.get(line);
    if (errors) return { recordId, result: 'rejected', reasons: errors };
    const conflict = conflictsByLine.get(line);
    if (conflict && conflict.recordId === recordId) {
      return { recordId, result: 'conflict', reasons: [{ field: 'recordId', message: conflict.message }] };
    }
    if (complete && !conflict) return { recordId, result: 'stored' };
    return { recordId, result: 'unknown' };
  });
}
