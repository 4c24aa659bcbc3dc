// Status changes with their audit entries against the local DynamoDB (referrals, surge operations, the policy, all
// through AuditedChanges): every change keeps its entry, even when the write of that entry fails, and a retried
// change is applied once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPolicyStore } from '../../functions/adapters/metrics-store.js';
import { DynamoReferralRepository } from '../../functions/adapters/referral-repository.js';
import { DynamoSurgeRepository } from '../../functions/adapters/surge-repository.js';
import { DEFAULT_POLICY } from '../../functions/domain/policy.js';
import type { Referral } from '../../functions/domain/referrals.js';
import type { Surge } from '../../functions/domain/surges.js';
import { StaleReferralError } from '../../functions/referrals/interfaces.js';
import { loadConfig } from '../../functions/shared/config.js';
import { createDynamoDb } from '../../functions/shared/dynamodb-client.js';
import type { LocalCloud } from '../../local/cloud.js';
import { sdkFaults } from '../../local/faults.js';
import { startTestCloud, stopTestCloud } from '../support/cloud.js';

let cloud: LocalCloud;
let referrals: DynamoReferralRepository;
let surges: DynamoSurgeRepository;
let policies: DynamoPolicyStore;
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
  const config = loadConfig(['REFERRALS_TABLE', 'OPERATIONS_TABLE', 'CONTROL_TABLE']);
  const db = createDynamoDb(config);
  referrals = new DynamoReferralRepository(db, config.REFERRALS_TABLE);
  surges = new DynamoSurgeRepository(db, config.OPERATIONS_TABLE);
  policies = new DynamoPolicyStore(db, config.CONTROL_TABLE);
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

/** The entry's own item (a PutItem) fails to be written: the change itself, an UpdateItem, goes through. */
const failEntryWrites = () =>
  sdkFaults.set({ rate: 1, kinds: ['dropped'], services: ['dynamodb'], commands: ['PutItemCommand'] });

function surge(id: string): Surge {
  return {
    surgeId: id,
    status: 'REQUESTED',
    request: {
      mode: 'intelligence',
      ports: ['2304'],
      start: '2026-12-01T10:00:00.000Z',
      end: '2026-12-01T18:00:00.000Z',
      justification: 'repository test',
    },
    start: '2026-12-01T10:00:00.000Z',
    end: '2026-12-01T18:00:00.000Z',
    mode: 'intelligence',
    ports: [],
    createdBy: 'hq-user',
    createdAt: AT,
    updatedAt: AT,
  } as Surge;
}

describe('surge repository', () => {
  it('shows a status change with its history entry even when writing the entry failed, and applies a retry once', async () => {
    await surges.create(surge('s-fault'));
    failEntryWrites();
    const schedule = (at: string) =>
      surges.transition('s-fault', ['REQUESTED'], 'SCHEDULED', { ports: ['2304'] }, { by: 'workflow', at });
    await expect(schedule('2026-11-20T11:00:00.000Z')).rejects.toMatchObject({ code: 'ECONNRESET' });
    sdkFaults.set(undefined);

    expect(await surges.get('s-fault')).toMatchObject({ status: 'SCHEDULED', ports: ['2304'] });
    expect((await surges.historyOf('s-fault')).map((h) => h.status)).toEqual(['REQUESTED', 'SCHEDULED']);

    await schedule('2026-11-20T11:00:05.000Z');
    const history = await surges.historyOf('s-fault');
    expect(history.map((h) => [h.status, h.at])).toEqual([
      ['REQUESTED', AT],
      ['SCHEDULED', '2026-11-20T11:00:00.000Z'],
    ]);
    await expect(
      surges.transition('s-fault', ['REQUESTED'], 'CANCELLED', {}, { by: 'hq-user', at: '2026-11-20T12:00:00.000Z' }),
    ).rejects.toThrow(/no longer REQUESTED/);
  });
});

describe('policy store', () => {
  it('shows a policy change with its audit entry even when writing the entry failed, and never applies it twice', async () => {
    const first = { ...DEFAULT_POLICY, staffHourCostUsd: 100 };
    const hq = { subject: 'hq-user', role: 'hq' };
    expect(await policies.put(first, 0, hq, '2026-11-20T09:00:00.000Z')).toBe(1);
    const second = { ...DEFAULT_POLICY, staffHourCostUsd: 110 };
    failEntryWrites();
    await expect(policies.put(second, 1, hq, '2026-11-20T10:00:00.000Z')).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    sdkFaults.set(undefined);

    expect(await policies.get()).toMatchObject({ version: 2, policy: second });
    expect((await policies.history()).map((h) => [h.version, h.policy.staffHourCostUsd])).toEqual([
      [1, 100],
      [2, 110],
    ]);

    // a resent change is stale: it is refused, and applied once
    await expect(policies.put(second, 1, hq, '2026-11-20T10:00:05.000Z')).rejects.toThrow(/changed since version 1/);
    expect((await policies.history()).map((h) => h.version)).toEqual([1, 2]);
    await expect(policies.put({ ...second, staffHourCostUsd: 120 }, 1, hq, '2026-11-20T10:01:00.000Z')).rejects.toThrow(
      /changed since version 1/,
    );
  });
});
