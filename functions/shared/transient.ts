// Marks failures worth retrying (throttling, 5xx, timeouts, dropped connections) with one name the workflows retry on.

export class TransientError extends Error {
  override readonly name = 'TransientError';
}

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = error as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string };
  return (
    meta.$retryable !== undefined ||
    (meta.$metadata?.httpStatusCode ?? 0) >= 500 ||
    TRANSIENT_NAMES.has(error.name) ||
    (meta.code !== undefined && TRANSIENT_NAMES.has(meta.code))
  );
}

/** Runs `work`, turning a transient failure into a TransientError (the cause kept in the message). */
export async function classifyFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isTransient(error)) throw new TransientError(`${(error as Error).name}: ${(error as Error).message}`);
    throw error;
  }
}
