import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS } from '../../../web/field/queue/backoff.js';
import { RECHECK_MS, type RoundResult, SendScheduler } from '../../../web/field/queue/scheduler.js';
import { SendFailedError } from '../../../web/field/uploads-api.js';

function harness(results: RoundResult[]) {
  const timers: Array<{ ms: number; callback: () => void }> = [];
  const reports: Array<{ result: string; next: number | undefined }> = [];
  let rounds = 0;
  const scheduler = new SendScheduler({
    round: async () => {
      rounds++;
      return results.shift() ?? { result: 'sent', batches: 0, awaiting: 0 };
    },
    report: (result, next) => reports.push({ result: result.result, next }),
    setTimer: (callback, ms) => timers.push({ ms, callback }),
    clearTimer: () => undefined,
    now: () => 0,
    random: () => 1,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { scheduler, timers, reports, rounds: () => rounds, settle };
}

const failed: RoundResult = { result: 'failed', error: new SendFailedError('Failed to fetch') };

describe('the send scheduler', () => {
  it('backs off after failures, doubling, and resets after a send', async () => {
    const h = harness([failed, failed, { result: 'sent', batches: 1, awaiting: 0 }]);
    h.scheduler.trigger();
    await h.settle();
    expect(h.timers.map((t) => t.ms)).toEqual([FIRST_RETRY_MS]);
    h.timers[0]?.callback();
    await h.settle();
    expect(h.timers.map((t) => t.ms)).toEqual([FIRST_RETRY_MS, FIRST_RETRY_MS * 2]);
    h.timers[1]?.callback();
    await h.settle();
    expect(h.scheduler.consecutiveFailures).toBe(0);
    expect(h.reports.map((r) => r.result)).toEqual(['failed', 'failed', 'sent']);
  });

  it('runs one round at a time: a trigger during a round runs once after it', async () => {
    const h = harness([]);
    h.scheduler.trigger();
    h.scheduler.trigger();
    h.scheduler.trigger();
    await h.settle();
    await h.settle();
    expect(h.rounds()).toBe(2);
  });

  it('checks again for receipts still being processed, and when another tab holds the lock', async () => {
    const h = harness([{ result: 'sent', batches: 1, awaiting: 1 }, { result: 'busy' }]);
    h.scheduler.trigger();
    await h.settle();
    h.timers[0]?.callback();
    await h.settle();
    expect(h.timers.map((t) => t.ms)).toEqual([RECHECK_MS, RECHECK_MS]);
  });

  it('waits for the officer after an expired session: no timer', async () => {
    const h = harness([{ result: 'session-expired' }]);
    h.scheduler.trigger();
    await h.settle();
    expect(h.timers).toEqual([]);
    expect(h.reports).toEqual([{ result: 'session-expired', next: undefined }]);
  });
});
