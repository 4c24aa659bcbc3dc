// The referral steps' input: parsed step by step (each step's schema built on its first use) exactly as the union of
// all steps would parse it.
import { describe, expect, it } from 'vitest';
import { core } from 'zod/mini';
import { once } from '../../functions/domain/once.js';
import { parseTaskInput } from '../../functions/referrals/tasks.js';

function issuesOf(event: unknown) {
  try {
    parseTaskInput(event);
  } catch (error) {
    // the name classic zod's error had, which a failed execution records as its error type
    expect(error).toBeInstanceOf(core.$ZodError);
    expect((error as Error).name).toBe('ZodError');
    return (error as core.$ZodError).issues.map(({ path, message, code }) => ({ path, message, code }));
  }
  throw new Error('parsed');
}

describe('a referral step’s input', () => {
  it('parses the step the event names', () => {
    const event = {
      action: 'await',
      what: 'decision',
      referralId: 'r-1',
      token: 't',
      level: 'supervisor',
      slaSeconds: 60,
    };
    expect(parseTaskInput({ ...event, extra: 'dropped' })).toEqual(event);
    expect(parseTaskInput({ action: 'route', referralId: 'r-1' })).toEqual({ action: 'route', referralId: 'r-1' });
  });

  it('rejects a known step with that step’s issues', () => {
    expect(
      issuesOf({ action: 'await', what: 'decision', referralId: 'r-1', token: '', level: 'mayor', slaSeconds: 0 }),
    ).toEqual([
      { path: ['token'], code: 'too_small', message: 'Too small: expected string to have >=1 characters' },
      { path: ['level'], code: 'invalid_value', message: expect.stringContaining('supervisor') },
      { path: ['slaSeconds'], code: 'too_small', message: 'Too small: expected number to be >0' },
    ]);
  });

  it('rejects an event naming no step as the union does: by its action', () => {
    for (const event of [{ action: 'approve' }, { action: 'toString' }, {}])
      expect(issuesOf(event)).toEqual([
        {
          path: ['action'],
          code: 'invalid_union',
          message: expect.stringMatching(/^Invalid discriminator value. Expected 'create' \| 'await'/),
        },
      ]);
    expect(issuesOf([])).toEqual([
      { path: [], code: 'invalid_type', message: 'Invalid input: expected object, received array' },
    ]);
  });
});

describe('once', () => {
  it('builds on the first call and returns the same value after', () => {
    let built = 0;
    const value = once(() => ({ n: ++built }));
    expect(built).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(built).toBe(1);
  });
});
