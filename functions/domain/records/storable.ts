// What a line may hold before its schema is even asked: a shallow shape, and only numbers that a double keeps
// exactly and that DynamoDB can store. Walked without recursion, so nesting thousands deep cannot overflow the stack.
import type { FieldIssue } from '../errors.js';

/** A record nests three levels at most (record → findings → finding); anything deeper is not a record. */
export const MAX_DEPTH = 8;
/** The smallest magnitude DynamoDB stores (its numbers run from 1e-130 to 9.99e125). */
export const SMALLEST_STORABLE = 1e-130;
const MAX_ISSUES = 5;
const FIELD_NAME_CHARS = 64;

/** A field name as errors show it: a name longer than 64 characters is cut short. */
export function fieldName(key: string): string {
  return key.length <= FIELD_NAME_CHARS ? key : `${key.slice(0, FIELD_NAME_CHARS)}…`;
}

function numberIssue(value: number): string | undefined {
  if (!Number.isFinite(value)) return 'is too large to be a number (beyond 1.8e308)';
  const size = Math.abs(value);
  if (size > Number.MAX_SAFE_INTEGER)
    return `is larger than ${Number.MAX_SAFE_INTEGER} (2^53 − 1), the largest number kept exactly`;
  if (size !== 0 && size < SMALLEST_STORABLE) return 'is smaller than 1e-130, the smallest number that can be stored';
  return undefined;
}

/** The fields of a parsed line that no record could hold; empty when the line is fit for validation. */
export function unstorableFields(value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const next = stack.pop() as { value: unknown; path: string; depth: number };
    const field = next.path || '(record)';
    if (typeof next.value === 'number') {
      const message = numberIssue(next.value);
      if (message) issues.push({ field, message });
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= MAX_DEPTH) {
      issues.push({ field, message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const entries: Array<[string, unknown]> = Array.isArray(next.value)
      ? next.value.map((item, index) => [String(index), item])
      : Object.entries(next.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as [string, unknown];
      stack.push({
        value: item,
        path: next.path ? `${next.path}.${fieldName(key)}` : fieldName(key),
        depth: next.depth + 1,
      });
    }
  }
  return issues;
}
