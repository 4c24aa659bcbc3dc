// The receipt of one upload: every line counted once, as accepted, duplicate, conflict or rejected.
import type { FieldIssue } from '../errors.js';
import type { RecordKind } from '../records/kinds.js';

export const MAX_RECEIPT_ERRORS = 5_000;
export const MAX_ERRORS_PER_LINE = 5;

export interface LineError extends FieldIssue {
  line: number;
}

export interface ConflictNote {
  line: number;
  recordId: string;
  message: string;
}

export interface Receipt {
  batchId: string | null;
  kind: RecordKind | null;
  portCode: string | null;
  deviceId: string | null;
  key: string;
  status: 'accepted' | 'partial' | 'rejected';
  received: number;
  accepted: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
  errors: LineError[];
  conflictedRecords: ConflictNote[];
  /** Set when the whole object was refused (not a batch). */
  reason?: string;
  /** Errors beyond MAX_RECEIPT_ERRORS are counted here; the quarantine object holds every one. */
  errorsOmitted: number;
  flagged: { currencyReportingViolations: number; proceduralViolations: number };
  referralsRequested: number;
  quarantineKey?: string;
  processedAt: string;
  /** Which write of the object this receipt answers (its version, or its event's sequencer, or its ETag). */
  delivery?: string;
}

export type LineOutcome =
  | { line: number; result: 'accepted' | 'duplicate' }
  | { line: number; result: 'conflict'; recordId: string; message: string }
  | { line: number; result: 'rejected'; errors: FieldIssue[] };

export interface ReceiptHeader {
  key: string;
  batchId: string;
  kind: RecordKind;
  portCode: string;
  deviceId: string;
}

export class ReceiptBuilder {
  private accepted = 0;
  private duplicates = 0;
  private conflicts = 0;
  private rejected = 0;
  private errorsOmitted = 0;
  private readonly errors: LineError[] = [];
  private readonly conflictedRecords: ConflictNote[] = [];
  private readonly flagged = { currencyReportingViolations: 0, proceduralViolations: 0 };
  private referralsRequested = 0;

  constructor(private readonly header: ReceiptHeader) {}

  add(outcome: LineOutcome): void {
    switch (outcome.result) {
      case 'accepted':
        this.accepted++;
        break;
      case 'duplicate':
        this.duplicates++;
        break;
      case 'conflict':
        this.conflicts++;
        if (this.conflictedRecords.length < MAX_RECEIPT_ERRORS) {
          this.conflictedRecords.push({ line: outcome.line, recordId: outcome.recordId, message: outcome.message });
        }
        break;
      case 'rejected':
        this.rejected++;
        for (const error of outcome.errors.slice(0, MAX_ERRORS_PER_LINE)) {
          if (this.errors.length < MAX_RECEIPT_ERRORS) this.errors.push({ line: outcome.line, ...error });
          else this.errorsOmitted++;
        }
        break;
    }
  }

  noteFlags(flags: readonly string[]): void {
    if (flags.includes('currency_reporting_violation')) this.flagged.currencyReportingViolations++;
    if (flags.includes('device_search_without_approval')) this.flagged.proceduralViolations++;
  }

  noteReferrals(count: number): void {
    this.referralsRequested += count;
  }

  build(processedAt: Date, quarantineKey?: string): Receipt {
    const received = this.accepted + this.duplicates + this.conflicts + this.rejected;
    const good = this.accepted + this.duplicates;
    const bad = this.conflicts + this.rejected;
    return {
      ...this.header,
      status: received === 0 || good === 0 ? 'rejected' : bad === 0 ? 'accepted' : 'partial',
      received,
      accepted: this.accepted,
      duplicates: this.duplicates,
      conflicts: this.conflicts,
      rejected: this.rejected,
      errors: this.errors,
      conflictedRecords: this.conflictedRecords,
      ...(received === 0 ? { reason: 'the upload holds no records' } : {}),
      errorsOmitted: this.errorsOmitted,
      flagged: { ...this.flagged },
      referralsRequested: this.referralsRequested,
      ...(quarantineKey ? { quarantineKey } : {}),
      processedAt: processedAt.toISOString(),
    };
  }
}

/** The receipt of an object that is not a batch at all. */
export function refusedReceipt(
  key: string,
  reason: string,
  header: Partial<ReceiptHeader>,
  processedAt: Date,
): Receipt {
  return {
    batchId: header.batchId ?? null,
    kind: header.kind ?? null,
    portCode: header.portCode ?? null,
    deviceId: header.deviceId ?? null,
    key,
    status: 'rejected',
    received: 0,
    accepted: 0,
    duplicates: 0,
    conflicts: 0,
    rejected: 0,
    errors: [],
    conflictedRecords: [],
    reason,
    errorsOmitted: 0,
    flagged: { currencyReportingViolations: 0, proceduralViolations: 0 },
    referralsRequested: 0,
    processedAt: processedAt.toISOString(),
  };
}
