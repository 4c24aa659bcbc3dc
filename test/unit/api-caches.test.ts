// The API's per-container caches: reused only while what would change the answer stays the same.
import { describe, expect, it } from 'vitest';
import { ComplianceCache, REFERENCE_DATA_MS, ReferenceData } from '../../functions/api/caches.js';
import type { ComplianceRow } from '../../functions/domain/policy.js';
import { DEFAULT_POLICY } from '../../functions/domain/policy.js';
import type { Surge } from '../../functions/domain/surges.js';

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

  it('shares one computation among requests that arrive together, and forgets a failed one', async () => {
    const cache = new ComplianceCache();
    const version = { today: '2026-11-22', policyVersion: 1, metricsComputedAt: undefined };
    let computed = 0;
    const slow = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 20));
      return [row('shared')];
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.rows(version, slow)));
    expect(answers.every((a) => a[0]?.portCode === 'shared')).toBe(true);
    expect(computed).toBe(1);

    const other = { ...version, policyVersion: 2 };
    await expect(cache.rows(other, async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.rows(other, async () => [row('after')])).toEqual([row('after')]);
  });

  it('keeps the policy and the completed operations for REFERENCE_DATA_MS, and forgets a policy changed here', async () => {
    let now = 1_000 * REFERENCE_DATA_MS;
    const data = new ReferenceData(() => now);
    let reads = 0;
    const policy = async () => ({ policy: DEFAULT_POLICY, version: ++reads });
    const surges = async () => [{ surgeId: `s${++reads}` } as unknown as Surge];
    expect((await data.policy(policy)).version).toBe(1);
    expect((await data.policy(policy)).version).toBe(1);
    now += REFERENCE_DATA_MS - 1;
    expect((await data.policy(policy)).version).toBe(1);
    expect((await data.completedSurges(surges))[0]?.surgeId).toBe('s2');
    now += 1;
    expect((await data.policy(policy)).version).toBe(3);
    expect((await data.completedSurges(surges))[0]?.surgeId).toBe('s4');
    expect((await data.completedSurges(surges))[0]?.surgeId).toBe('s4');
    data.policyChanged();
    expect((await data.policy(policy)).version).toBe(5);
    expect(reads).toBe(5);
  });
});
