// Validates one uploaded record against its schema and the upload it arrived in.
import type * as z from 'zod/mini';
import type { FieldIssue } from '../errors.js';
import { acceptedAsIs } from './accept-as-is.js';
import type { RecordKind } from './kinds.js';
import { type Flag, flagsOf, type ReferralRequest, referralRequestsOf } from './rules.js';
import { type FieldRecord, schemaOf, timestampOf } from './schemas.js';
import { fieldName, unstorableFields } from './storable.js';

export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface ValidationContext {
  /** The port named in the upload's key. */
  portCode: string;
  now: Date;
}

export interface ValidRecord {
  ok: true;
  record: FieldRecord;
  flags: Flag[];
  referralRequests: ReferralRequest[];
}

export interface InvalidRecord {
  ok: false;
  errors: FieldIssue[];
}

function describe(issue: z.core.$ZodIssue): FieldIssue {
  const field = issue.path.map(String).join('.') || '(record)';
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined'))
    return { field, message: 'is required' };
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.slice(0, 5).map(fieldName);
    const more = issue.keys.length > names.length ? ` and ${issue.keys.length - names.length} more` : '';
    return { field: `${names.join(', ')}${more}`, message: 'is not a field of this kind of record' };
  }
  return { field, message: issue.message };
}

export function validateRecord(
  kind: RecordKind,
  raw: unknown,
  context: ValidationContext,
): ValidRecord | InvalidRecord {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: '(record)', message: 'must be a JSON object' }] };
  }
  const unfit = unstorableFields(raw);
  if (unfit.length > 0) return { ok: false, errors: unfit };
  let data: unknown = acceptedAsIs(kind, raw);
  if (!data) {
    const parsed = schemaOf(kind).safeParse(raw);
    if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(describe) };
    data = parsed.data;
  }
  const record = { kind, data } as FieldRecord;
  const errors: FieldIssue[] = [];
  if (record.data.portCode !== context.portCode) {
    errors.push({
      field: 'portCode',
      message: `is ${record.data.portCode} but the upload is for port ${context.portCode}`,
    });
  }
  const at = timestampOf(record);
  const latest = context.now.getTime() + (kind === 'staffing' ? 24 * 3600 * 1000 : CLOCK_SKEW_MS);
  if (Date.parse(at) > latest) {
    const field = { inspections: 'startedAt', traffic: 'hourStart', staffing: 'date', equipment: 'observedAt' }[kind];
    errors.push({ field, message: 'is in the future' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return record.kind === 'inspections'
    ? { ok: true, record, flags: flagsOf(record.data), referralRequests: referralRequestsOf(record.data) }
    : { ok: true, record, flags: [], referralRequests: [] };
}
