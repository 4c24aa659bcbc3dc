// The referral repository against the local DynamoDB: every status change keeps its audit entry, even when the
// write of that entry fails, and a retried change is applied once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReferralRepository, StaleReferralError } from '../../functions/adapters/referral-repository.js';
import type { Referral } from '../../functions/domain/referrals.js';
import { loadConfig } from '../../functions/shared/config.js';
import { createDynamoDb } from '../../functions/shared/dynamodb-client.js';
import type { LocalCloud } from '../../local/cloud.js';
import { sdkFaults } from '../../local/faults.js';
import { startTestCloud, stopTestCloud } from '../support/cloud.js';

let cloud: LocalCloud;
let referrals: ReferralRepository;
const AT = '2026-11-20T10:00:00.000Z';

function referral(id: string): Referral {
  return {
    referralId: id,
    status: 'PENDING_DECISION',
    recordId: `rec-${id}`,
    findingIndex: 0,
    findingType: 'firearm',
    finding: { type: 'firearm', count: 1 },
    portCode: '2304',
    portName: 'Laredo',
    inspectedAt: AT,
    agencies: ['HSI'],
    createdAt: AT,
    updatedAt: AT,
  } as Referral;
}

const approve = (at: string) => ({
  from: ['PENDING_DECISION'] as const,
  to: 'APPROVED' as const,
  at,
  audit: { actor: 'supervisor-2304', role: 'supervisor', action: 'approved' },
});

beforeAll(async () => {
  cloud = await startTestCloud();
  const config = loadConfig(['REFERRALS_TABLE']);
  referrals = new ReferralRepository(createDynamoDb(config), config.REFERRALS_TABLE);
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});
afterEach(() => sdkFaults.set(undefined));

describe('referral repository', () => {
  it('opens a referral once, with one audit entry', async () => {
    const first = await referrals.create(referral('r-open'), { actor: 'workflow', role: 'system', action: 'opened' });
    const again = await referrals.create(referral('r-open'), { actor: 'workflow', role: 'system', action: 'opened' });
    expect([first.created, again.created]).toEqual([true, false]);
    expect((await referrals.audit('r-open')).map((a) => a.toStatus)).toEqual(['PENDING_DECISION']);
  });

  it('shows a status change with its audit entry even when writing the entry failed, and applies a retry once', async () => {
    await referrals.create(referral('r-fault'), { actor: 'workflow', role: 'system', action: 'opened' });
    sdkFaults.set({ rate: 1, kinds: ['dropped'], services: ['dynamodb'], commands: ['PutItemCommand'] });
    await expect(referrals.transition('r-fault', approve('2026-11-20T11:00:00.000Z'))).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    sdkFaults.set(undefined);

    expect(await referrals.get('r-fault')).toMatchObject({ status: 'APPROVED' });
    expect((await referrals.audit('r-fault')).map((a) => [a.toStatus, a.action])).toEqual([
      ['PENDING_DECISION', 'opened'],
      ['APPROVED', 'approved'],
    ]);

    const retried = await referrals.transition('r-fault', approve('2026-11-20T11:00:05.000Z'));
    expect(retried.status).toBe('APPROVED');
    const trail = await referrals.audit('r-fault');
    expect(trail.map((a) => a.toStatus)).toEqual(['PENDING_DECISION', 'APPROVED']);
    expect(trail[1]).toMatchObject({ at: '2026-11-20T11:00:00.000Z', fromStatus: 'PENDING_DECISION' });
  });

  it('refuses a different change from a status the referral has left', async () => {
    await referrals.create(referral('r-stale'), { actor: 'workflow', role: 'system', action: 'opened' });
    await referrals.transition('r-stale', approve('2026-11-20T11:00:00.000Z'));
    await expect(
      referrals.transition('r-stale', {
        from: ['PENDING_DECISION'],
        to: 'DECLINED',
        at: '2026-11-20T11:01:00.000Z',
        audit: { actor: 'supervisor-2304', role: 'supervisor', action: 'declined' },
      }),
    ).rejects.toBeInstanceOf(StaleReferralError);
    expect((await referrals.audit('r-stale')).map((a) => a.toStatus)).toEqual(['PENDING_DECISION', 'APPROVED']);
  });
});
