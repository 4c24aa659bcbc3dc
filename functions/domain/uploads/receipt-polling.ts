// How a client asks for an upload's receipt (GET /uploads/{batchId}): the field app and the CLI keep the same pauses.

/**
 * The first ask for a receipt comes right after the upload; the pauses then double up to a tenth of a second while a
 * batch is likely being stored, a quarter second after that.
 */
export const FIRST_POLL_MS = 50;
const BRISK_POLL_MS = 100;
const BRISK_POLL_FOR_MS = 5_000;
const STEADY_POLL_MS = 250;
/** After a 429, the pause before the next ask for a receipt. */
export const BUSY_POLL_MS = 1_000;
/** After this long without a receipt the pauses grow again, up to LONGEST_POLL_MS. */
const STEADY_POLL_FOR_MS = 15_000;
const LONGEST_POLL_MS = 3_000;

/** The pause before the next ask for a receipt, given the last pause and how long the batch has waited. */
export function nextPollMs(previousMs: number, waitedMs: number): number {
  if (waitedMs < BRISK_POLL_FOR_MS) return Math.min(BRISK_POLL_MS, previousMs * 2);
  if (waitedMs < STEADY_POLL_FOR_MS) return Math.min(STEADY_POLL_MS, previousMs * 2);
  return Math.min(LONGEST_POLL_MS, Math.round(Math.max(previousMs, STEADY_POLL_MS) * 1.5));
}
