// How a client waits for an upload's receipt (GET /uploads/{batchId}): the field app and the CLI ask the same way.

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

export interface ReceiptPolling<Answer, Result> {
  /** One ask; undefined when the API answered 429 (many clients at once: this one waits longer). */
  ask: () => Promise<Answer | undefined>;
  /** What the caller makes of an answer once it holds the receipt; undefined while it does not. */
  settle: (answer: Answer) => Result | undefined | Promise<Result | undefined>;
  patienceMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The caller gave up (its round stopped): no further ask. */
  stopped?: () => boolean;
}

/**
 * Asks right away, then after the pauses of `nextPollMs` (a second after a 429), until an answer settles; without a
 * result when patience ran out or the caller stopped, with the last answer for the caller to report.
 */
export async function pollReceipt<Answer, Result>(
  polling: ReceiptPolling<Answer, Result>,
): Promise<{ result: Result } | { result: undefined; last: Answer | undefined }> {
  const since = polling.now();
  let pause = FIRST_POLL_MS;
  let last: Answer | undefined;
  for (;;) {
    if (polling.stopped?.()) return { result: undefined, last };
    const answer = await polling.ask();
    if (answer !== undefined) {
      last = answer;
      const result = await polling.settle(answer);
      if (result !== undefined) return { result };
    }
    const waited = polling.now() - since;
    if (waited >= polling.patienceMs) return { result: undefined, last };
    const wait = answer !== undefined ? pause : Math.max(pause, BUSY_POLL_MS);
    await polling.sleep(wait);
    pause = nextPollMs(wait, waited);
  }
}
