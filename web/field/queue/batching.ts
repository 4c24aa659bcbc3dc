// Which waiting records go together in one upload: one kind per batch, bounded in records and bytes.
import type { RecordKind } from '../../../functions/domain/records/kinds.js';

export const MAX_BATCH_RECORDS = 1000;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export interface Sendable {
  recordId: string;
  kind: RecordKind;
  /** The record as one JSON line, exactly as it will be uploaded. */
  line: string;
}

export interface PlannedBatch {
  kind: RecordKind;
  /** In line order: line n of the body is recordIds[n - 1]. */
  recordIds: string[];
  body: string;
}

export interface BatchLimits {
  maxRecords: number;
  maxBytes: number;
}

export const BATCH_LIMITS: BatchLimits = { maxRecords: MAX_BATCH_RECORDS, maxBytes: MAX_BATCH_BYTES };

const encoder = new TextEncoder();

/** Groups records (taken in the order given) by kind, cutting a new batch when either limit would be passed. */
export function planBatches(records: readonly Sendable[], limits: BatchLimits = BATCH_LIMITS): PlannedBatch[] {
  const open = new Map<RecordKind, { recordIds: string[]; lines: string[]; bytes: number }>();
  const planned: PlannedBatch[] = [];
  const close = (kind: RecordKind) => {
    const batch = open.get(kind);
    if (!batch || batch.recordIds.length === 0) return;
    planned.push({ kind, recordIds: batch.recordIds, body: `${batch.lines.join('\n')}\n` });
    open.delete(kind);
  };
  for (const record of records) {
    const bytes = encoder.encode(record.line).length + 1;
    const current = open.get(record.kind);
    if (current && (current.recordIds.length >= limits.maxRecords || current.bytes + bytes > limits.maxBytes)) {
      close(record.kind);
    }
    const batch = open.get(record.kind) ?? { recordIds: [], lines: [], bytes: 0 };
    batch.recordIds.push(record.recordId);
    batch.lines.push(record.line);
    batch.bytes += bytes;
    open.set(record.kind, batch);
  }
  for (const kind of [...open.keys()]) close(kind);
  return planned;
}
