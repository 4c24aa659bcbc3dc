// A record checked before it is saved, by the very schemas the ingest uses; each problem keyed by its field's path.
import type { RecordKind } from '../../../functions/domain/records/kinds.js';
import { schemaOf } from '../../../functions/domain/records/schemas.js';
import type { FieldErrors } from '../../shared/field-errors.js';

export type { FieldErrors };

export type Checked = { ok: true; data: Record<string, unknown> } | { ok: false; errors: FieldErrors };

function valueAt(candidate: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = candidate;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

export function checkRecord(kind: RecordKind, candidate: Record<string, unknown>): Checked {
  const parsed = schemaOf(kind).safeParse(candidate);
  if (parsed.success) return { ok: true, data: parsed.data as Record<string, unknown> };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.') || '(record)';
    const missing = valueAt(candidate, issue.path) === undefined;
    errors[field] ??= missing ? 'is required' : issue.message;
  }
  return { ok: false, errors };
}

/** The receipt's reasons (field, message) as the form's errors, so a correction starts beside the right fields. */
export function errorsFromReasons(reasons: ReadonlyArray<{ field: string; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of reasons) {
    const key = field.includes(', ') ? '(record)' : field;
    errors[key] = errors[key] ? `${errors[key]}; ${message}` : message;
  }
  return errors;
}

/** A number typed into a field: '' is missing, anything else as the browser parsed it. */
export const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
export const textOf = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());
export const shown = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
