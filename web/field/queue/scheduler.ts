// When to send: on start, when the network returns, when the app comes to the foreground, on "Send now", after a
// save, and on a backoff timer after a failure. One round at a time in this tab; other tabs wait on a Web Lock.
import { retryDelayMs } from './backoff.js';
import type { SendOutcome } from './sender.js';

export type RoundResult = SendOutcome | { result: 'busy' } | { result: 'signed-out' } | { result: 'offline' };

export interface SchedulerDeps {
  round: () => Promise<RoundResult>;
  report: (result: RoundResult, nextTryAt: number | undefined) => void;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  now: () => number;
  random?: () => number;
}

/** How long to wait for receipts still being processed, and for another tab that is sending. */
export const RECHECK_MS = 5_000;

export class SendScheduler {
  private failures = 0;
  private timer: unknown;
  private running = false;
  private again = false;

  constructor(private readonly deps: SchedulerDeps) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Starts a round now, or right after the one under way. */
  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  stop(): void {
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): number {
    this.stop();
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined;
      this.trigger();
    }, ms);
    return this.deps.now() + ms;
  }

  private async run(): Promise<void> {
    this.running = true;
    this.stop();
    let result: RoundResult;
    try {
      result = await this.deps.round();
    } catch (error) {
      result = { result: 'refused', message: error instanceof Error ? error.message : String(error) };
    }
    let nextTryAt: number | undefined;
    switch (result.result) {
      case 'failed':
      case 'refused':
        this.failures++;
        nextTryAt = this.schedule(retryDelayMs(this.failures, (this.deps.random ?? Math.random)()));
        break;
      case 'sent':
        this.failures = 0;
        if (result.awaiting > 0) nextTryAt = this.schedule(RECHECK_MS);
        break;
      case 'busy':
        nextTryAt = this.schedule(RECHECK_MS);
        break;
      case 'signed-out':
      case 'session-expired':
      case 'offline':
        break;
    }
    this.deps.report(result, nextTryAt);
    this.running = false;
    if (this.again) {
      this.again = false;
      if (result.result === 'sent') this.trigger();
    }
  }
}
