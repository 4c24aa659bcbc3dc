// Parses a request body or query with a zod schema; a failure is a ValidationError naming every field.
import * as z from 'zod/mini';
import { ValidationError } from '../domain/errors.js';
import { portCodeString } from '../domain/ports.js';

export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const parsed = z.safeParse(schema, input ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `the ${what} is not valid`,
    parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    })),
  );
}

/** A query's optional `port`, as the list routes take it. */
export const optionalPortQuery = () => z.optional(portCodeString('port must be 4 digits'));

const ID = /^[A-Za-z0-9._:-]{1,160}$/;

/** A path's `{id}` as the store may look it up: a bad one is a ValidationError, never a store error. */
export function parseId(id: string | undefined, what: string): string {
  if (id && ID.test(id)) return id;
  throw new ValidationError(`invalid ${what} id`, [{ field: 'id', message: 'letters, digits and . _ : - only' }]);
}
