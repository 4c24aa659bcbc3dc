// Stored records keep their fingerprints: the function must give the same value for the same content forever.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../functions/domain/fingerprint.js';

describe('fingerprint', () => {
  it('is the value stored records were fingerprinted with', () => {
    const record = {
      recordId: 'r-1',
      findings: [{ type: 'currency', amountUsd: 12000.5, declared: false }],
      note: 'é "quoted" \u2028',
      nested: { b: 1, a: [true, null], c: undefined },
      travelers: 2,
    };
    expect(fingerprint(record)).toBe('P3_1Q_P9B9yd1XWhpDbNsZ2hvhOw_6tFgkOnKmaoZVs');
  });

  it('does not depend on key order, and tells different content apart', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(fingerprint(reversed)).toBe(fingerprint(value));
        expect(fingerprint({ ...value, EXTRA: 'x' })).not.toBe(fingerprint(value));
      }),
    );
  });
});
