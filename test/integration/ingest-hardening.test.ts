// What the outside review tried against a running local cloud: ports that meet, poisoned batches, replayed
// presigned PUTs and hostile keys. Each case here failed before the hardening (issue 12, points 1, 2, 3 and 13).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import type { LocalCloud } from '../../local/cloud.js';
import { startTestCloud, stopTestCloud } from '../support/cloud.js';
import { inspection, jsonl } from '../support/fakes.js';
import { referralWhen } from '../support/referrals.js';
import { clientsFor, receiptAt } from '../support/stores.js';

let cloud: LocalCloud;
let stores: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  cloud = await startTestCloud();
  stores = clientsFor(cloud);
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

const receiptKeyOf = (key: string) => key.replace(/^incoming\//, 'receipts/').replace(/\.(jsonl|csv)$/, '.json');

async function upload(key: string, body: Buffer | string): Promise<Receipt> {
  const since = new Date();
  await stores.put(key, body);
  return receiptAt((k) => stores.getJson<Receipt>(k), receiptKeyOf(key), since, 120_000);
}

describe('ports never meet', () => {
  it("stores 2304's seizure and opens its referral though 3004 used the same recordId first", async () => {
    const first = await upload(
      'incoming/inspections/3004/HH-3004-01/squat.jsonl',
      jsonl([inspection({ recordId: 'shared-id-1', portCode: '3004', deviceId: 'HH-3004-01', travelers: 7 })]),
    );
    expect(first).toMatchObject({ status: 'accepted', accepted: 1 });

    const seizure = inspection({
      recordId: 'shared-id-1',
      disposition: 'seized',
      findings: [{ type: 'firearm', count: 1 }],
    });
    const second = await upload('incoming/inspections/2304/HH-2304-07/real.jsonl', jsonl([seizure]));
    expect(second).toMatchObject({ status: 'accepted', accepted: 1, conflicts: 0, referralsRequested: 1 });
    expect(JSON.stringify(second)).not.toContain('3004');

    expect((await stores.record('inspections', 'shared-id-1', '3004'))?.data).toMatchObject({ travelers: 7 });
    expect((await stores.record('inspections', 'shared-id-1', '2304'))?.data).toMatchObject({ disposition: 'seized' });
    const referral = await referralWhen(cloud, '2304-shared-id-1-0', (r) => r.waitingFor === 'decision');
    expect(referral).toMatchObject({ portCode: '2304', recordId: 'shared-id-1', findingType: 'firearm' });

    // the same port and recordId still meet: a repeat is a duplicate, other content a conflict naming 2304's object
    const again = await upload(
      'incoming/inspections/2304/HH-2304-08/again.jsonl',
      jsonl([seizure, inspection({ recordId: 'shared-id-1', travelers: 3 })]),
    );
    expect(again).toMatchObject({ duplicates: 1, conflicts: 1 });
    expect(again.conflictedRecords[0]?.message).toContain('incoming/inspections/2304/HH-2304-07/real.jsonl');
  });
});
