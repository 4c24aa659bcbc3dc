// The chaos case of the referral outbox (issue 12, point 2): every ingest is killed between storing its records and
// starting their referral workflows, until its upload is dead-lettered. The next ingest sweeps the outbox, and every
// stored seizure has its referral, one execution each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import { executionNameOf } from '../../functions/domain/referrals.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import { REFERRAL_OUTBOX, REFERRAL_OUTBOX_INDEX, receiptKeyOfObject } from '../../functions/shared/storage-keys.js';
import { type LocalCloud, startLocalCloud } from '../../local/cloud.js';
import { sdkFaults } from '../../local/faults.js';
import type { DeadLetter } from '../../local/queue.js';
import { ANY_PORTS, api, stopTestCloud, tempHome, tokenFor } from '../support/cloud.js';
import { referralWhen } from '../support/referrals.js';
import { clientsFor, receiptAt } from '../support/stores.js';

// the sweep takes what has waited a second (120 s in AWS: an ingest still at work starts its own)
process.env.REFERRAL_OUTBOX_GRACE_SECONDS = '1';

let cloud: LocalCloud;
let stores: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  cloud = await startLocalCloud({
    home: tempHome(),
    ports: ANY_PORTS,
    schedules: false,
    ingestVisibilityTimeoutMs: 200,
  });
  stores = clientsFor(cloud);
});
afterAll(async () => {
  sdkFaults.set(undefined);
  if (cloud) await stopTestCloud(cloud);
});

const seizures = (batch: number) =>
  Array.from({ length: 4 }, (_, i) =>
    inspection({
      recordId: `outbox-${batch}-${i}`,
      startedAt: '2026-11-10T09:00:00-06:00',
      disposition: i % 2 === 0 ? 'seized' : 'cleared',
      findings: i % 2 === 0 ? [{ type: 'ammunition', rounds: 50 }] : [],
    }),
  );

describe('the referral outbox', () => {
  it('starts every stored seizure’s referral after the ingest died between the store and the start', async () => {
    sdkFaults.set({
      rate: 0,
      kill: { functions: ['ingest'], rate: 1, maxRequests: 1, atCommands: ['StartExecutionCommand'] },
    });
    const keys = [1, 2, 3].map((b) => `incoming/inspections/2304/HH-OUTBOX/outbox-${b}.jsonl`);
    for (const [b, key] of keys.entries()) await stores.put(key, jsonl(seizures(b + 1)));
    await cloud.settled();

    // killed every time: records stored, no receipt, no referral, the uploads dead-lettered
    expect(sdkFaults.kills).toBeGreaterThanOrEqual(keys.length);
    expect(await stores.countRecords('2304', 'inspections', '2026-11-10')).toBe(12);
    for (const key of keys) expect(await stores.getJson(receiptKeyOfObject(key))).toBeUndefined();
    const hq = await tokenFor(cloud, { role: 'hq' });
    const referralIds = [1, 2, 3].flatMap((b) => [0, 2].map((i) => `2304-outbox-${b}-${i}-0`));
    for (const id of referralIds) expect((await api(cloud, `/referrals/${id}`, { token: hq })).status).toBe(404);
    const outbox = async () =>
      (
        await stores.db.send(
          new QueryCommand({
            TableName: cloud.endpoints.tables.records,
            IndexName: REFERRAL_OUTBOX_INDEX,
            KeyConditionExpression: 'gsi2pk = :outbox',
            ExpressionAttributeValues: { ':outbox': REFERRAL_OUTBOX },
          }),
        )
      ).Items ?? [];
    expect(await outbox()).toHaveLength(6);

    // the faults pass; the next upload's ingest sweeps the outbox
    sdkFaults.set(undefined);
    await new Promise((r) => setTimeout(r, 1100));
    const since = new Date();
    await stores.put(
      'incoming/traffic/2304/HH-OUTBOX/next.jsonl',
      jsonl([
        {
          recordId: 'outbox-traffic',
          portCode: '2304',
          hourStart: '2026-11-10T09:00:00-06:00',
          mode: 'truck',
          exits: 3,
          source: 'lpr',
        },
      ]),
    );
    await receiptAt((k) => stores.getJson<Receipt>(k), 'receipts/traffic/2304/HH-OUTBOX/next.json', since);
    for (const id of referralIds) await referralWhen(cloud, id, (r) => r.waitingFor === 'decision');
    expect(await outbox()).toHaveLength(0);

    // the dead letters redriven: balanced receipts, and still one execution per referral
    const letters = readFileSync(join(cloud.home, 'dead-letters.jsonl'), 'utf8').trim().split('\n');
    expect(letters).toHaveLength(keys.length);
    for (const letter of letters) cloud.ingestQueue.send((JSON.parse(letter) as DeadLetter).body);
    await cloud.settled();
    for (const key of keys) {
      const receipt = await stores.getJson<Receipt>(receiptKeyOfObject(key));
      expect(receipt).toMatchObject({ received: 4, accepted: 4, rejected: 0, referralsRequested: 2 });
    }
    const referralArn = cloud.endpoints.stateMachines.referral as string;
    for (const id of referralIds)
      expect(
        cloud.stepFunctions.listExecutions(referralArn).filter((x) => x.name === executionNameOf(id)),
      ).toHaveLength(1);
  });
});
