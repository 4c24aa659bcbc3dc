// The smaller chaos run inside `npm test`: uploads under a 20% SDK fault rate, killed invocations, duplicated and
// delayed events and a Step Functions restart; nothing lost, nothing doubled (`npm run chaos` is the full one).
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChaos } from '../../local/chaos.js';
import { tempHome } from '../support/cloud.js';

describe('chaos', () => {
  it('loses and doubles nothing at a 20% fault rate, with balanced receipts, one referral per seizure and true metrics', async () => {
    const home = tempHome();
    try {
      const report = await runChaos({
        home,
        records: 1500,
        batchSize: 60,
        faultRate: 0.2,
        seed: 11,
        stepFunctionsRestarts: 1,
      });
      expect(report.faults.injected).toBeGreaterThan(100);
      expect(report.events.duplicated).toBeGreaterThan(0);
      expect(report.records).toEqual({ accepted: 1500, stored: 1500, lost: 0, doubled: 0 });
      expect(report.receipts).toMatchObject({ found: report.uploads.objects, missing: [], unbalanced: [] });
      expect(report.referrals.expected).toBeGreaterThan(0);
      expect(report.referrals).toMatchObject({
        created: report.referrals.expected,
        missing: 0,
        openedTwice: 0,
        executions: report.referrals.expected,
        failed: 0,
      });
      expect(report.metrics.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
