// The compliance answer is reused only while the day, the policy version and the last metrics run stay the same.
import { describe, expect, it } from 'vitest';
import { ComplianceCache } from '../../functions/api/compliance-cache.js';
import type { ComplianceRow } from '../../functions/domain/policy.js';

const row = (portCode: string) => ({ portCode }) as unknown as ComplianceRow;

describe('compliance cache', () => {
  it('computes once per day, policy version and metrics run', async () => {
    const cache = new ComplianceCache();
    let computed = 0;
    const compute = async () => [row(`p${++computed}`)];
    const version = { today: '2026-11-22', policyVersion: 3, metricsComputedAt: '2026-11-22T02:00:00Z' };
    expect(await cache.rows(version, compute)).toEqual([row('p1')]);
    expect(await cache.rows({ ...version }, compute)).toEqual([row('p1')]);
    expect(await cache.rows({ ...version, policyVersion: 4 }, compute)).toEqual([row('p2')]);
    expect(
      await cache.rows({ ...version, policyVersion: 4, metricsComputedAt: '2026-11-22T09:00:00Z' }, compute),
    ).toEqual([row('p3')]);
    expect(
      await cache.rows({ ...version, today: '2026-11-23', policyVersion: 4, metricsComputedAt: undefined }, compute),
    ).toEqual([row('p4')]);
    expect(computed).toBe(4);
  });
});
