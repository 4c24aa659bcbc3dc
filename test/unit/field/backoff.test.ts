import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, LONGEST_RETRY_MS, retryDelayMs } from '../../../web/field/queue/backoff.js';

describe('retry backoff', () => {
  it('does not wait before a first try', () => {
    expect(retryDelayMs(0)).toBe(0);
  });

  it('doubles after each failure, between half and all of the step', () => {
    expect(retryDelayMs(1, 0)).toBe(FIRST_RETRY_MS / 2);
    expect(retryDelayMs(1, 1)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(3, 1)).toBe(FIRST_RETRY_MS * 4);
    expect(retryDelayMs(3, 0.5)).toBe(FIRST_RETRY_MS * 3);
  });

  it('never waits longer than the cap, however many failures', () => {
    for (const failures of [10, 100, 10_000]) {
      expect(retryDelayMs(failures, 0.999)).toBeLessThanOrEqual(LONGEST_RETRY_MS);
      expect(retryDelayMs(failures, 0)).toBe(LONGEST_RETRY_MS / 2);
    }
  });
});
