// Parses an event a workflow or a schedule sends to a function; a mismatch fails the invocation as before.
import * as z from 'zod/mini';

/**
 * The event as `schema` reads it. A mismatch throws zod's error under the name classic zod gave it, `ZodError` (the
 * error type a failed execution records), where zod/mini's own is `$ZodError`.
 */
export function parseEvent<S extends z.core.$ZodType>(schema: S, event: unknown): z.infer<S> {
  const parsed = z.safeParse(schema, event);
  if (parsed.success) return parsed.data;
  parsed.error.name = 'ZodError';
  throw parsed.error;
}
