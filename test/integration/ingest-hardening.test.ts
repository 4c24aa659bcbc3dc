// What the outside review tried against a running local cloud: ports that meet, poisoned batches, replayed
// presigned PUTs and hostile keys. Each case here failed before the hardening (issue 12, points 1, 2, 3 and 13).

import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import type { LocalCloud } from '../../local/cloud.js';
import { api, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
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

const upload = (key: string, body: Buffer | string) => stores.upload(key, body, 120_000);

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

describe('a poisoned batch', () => {
  it('gives each hostile line its verdict, stores the good lines with their referrals, and dead-letters nothing', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const seizure = (recordId: string) =>
      inspection({ recordId, disposition: 'seized', findings: [{ type: 'narcotic', substance: 'fentanyl', kg: 0.4 }] });
    const lines = [
      JSON.stringify(seizure('poison-good-1')),
      JSON.stringify(inspection({ findings: [{ type: 'currency', amountUsd: 1, declared: false }] })).replace(
        '"amountUsd":1',
        '"amountUsd":9007199254740993',
      ),
      JSON.stringify(inspection({ findings: [{ type: 'explosive', kg: 1 }] })).replace('"kg":1', '"kg":1e400'),
      JSON.stringify(inspection({ findings: [{ type: 'explosive', kg: 1 }] })).replace('"kg":1', '"kg":1e-131'),
      JSON.stringify(inspection()).replace('"travelers":1', `"travelers":${deep}`),
      JSON.stringify(inspection()).replace('{', '{"__proto__":{"admin":true},'),
      `{"recordId":"${'x'.repeat(1024 * 1024)}"}`,
      JSON.stringify(seizure('poison-good-2')),
    ];
    const receipt = await upload('incoming/inspections/2304/HH-2304-07/poisoned.jsonl', `${lines.join('\n')}\n`);
    expect(receipt).toMatchObject({
      status: 'partial',
      received: 8,
      accepted: 2,
      rejected: 6,
      referralsRequested: 2,
    });
    expect(receipt.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'findings.0.amountUsd'],
      [3, 'findings.0.kg'],
      [4, 'findings.0.kg'],
      [5, 'travelers.0.0.0.0.0.0.0'],
      [6, '__proto__'],
      [7, '(line)'],
    ]);
    for (const id of ['poison-good-1', 'poison-good-2'])
      await referralWhen(cloud, `2304-${id}-0`, (r) => r.waitingFor === 'decision');
    expect(existsSync(join(cloud.home, 'dead-letters.jsonl'))).toBe(false);
    const quarantine = await stores.getText('quarantine/inspections/2304/HH-2304-07/poisoned.jsonl');
    expect(quarantine?.split('\n').filter(Boolean)).toHaveLength(6);
  });
});

describe('a presigned URL cannot overwrite', () => {
  it('refuses a replayed PUT with 412, and a later object under the key never replaces the first receipt', async () => {
    const officer = await tokenFor(cloud, { role: 'officer', port: '2304' });
    const created = await api(cloud, '/uploads', {
      method: 'POST',
      token: officer,
      body: JSON.stringify({ kind: 'inspections', portCode: '2304', deviceId: 'HH-REPLAY', batchId: 'replay-1' }),
    });
    expect(created.body.headers).toEqual({ 'If-None-Match': '*' });
    const body = jsonl([
      inspection({ recordId: 'replay-seized', disposition: 'seized', findings: [{ type: 'firearm', count: 1 }] }),
    ]);
    const put = (content: Buffer, headers: Record<string, string> = created.body.headers) =>
      fetch(created.body.uploadUrl, { method: 'PUT', body: content, headers });
    expect((await put(body)).status).toBe(200);
    const first = await receiptAt(
      (k) => stores.getJson<Receipt>(k),
      'receipts/inspections/2304/HH-REPLAY/replay-1.json',
      new Date(0),
    );
    expect(first).toMatchObject({ status: 'accepted', accepted: 1, referralsRequested: 1 });

    const emptied = jsonl([inspection({ recordId: 'replay-seized', disposition: 'cleared' })]);
    const replay = await put(emptied);
    expect(replay.status).toBe(412);
    expect(await replay.text()).toContain('<Code>PreconditionFailed</Code>');
    expect((await put(emptied, {})).status).toBe(403); // the header is signed: leaving it out breaks the signature

    // whoever writes the key without the condition (an old client, the AWS CLI): the first receipt stands
    const since = new Date();
    await stores.put('incoming/inspections/2304/HH-REPLAY/replay-1.jsonl', emptied);
    const again = await receiptAt(
      (k) => stores.getJson<Receipt>(k),
      'receipts/_again/inspections/2304/HH-REPLAY/replay-1.json',
      since,
    );
    expect(again).toMatchObject({ status: 'rejected', received: 0 });
    expect(again.reason).toContain('was already taken in');
    expect(await stores.getJson('receipts/inspections/2304/HH-REPLAY/replay-1.json')).toEqual(first);
    const answer = await api(cloud, '/uploads/replay-1', { token: officer });
    expect(answer.body).toMatchObject({ status: 'processed', receipt: { accepted: 1, referralsRequested: 1 } });
    expect((await stores.record('inspections', 'replay-seized'))?.data).toMatchObject({ disposition: 'seized' });
  });
});

/** A raw HTTP request, path sent exactly as given (no client-side normalisation of ../). */
function raw(method: string, path: string, body = ''): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(cloud.endpoints.s3);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers: { 'content-length': Buffer.byteLength(body) } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local cloud survives hostile keys', () => {
  it('refuses keys S3 would refuse, writes nothing outside its data directory, and keeps serving', async () => {
    const bucket = cloud.endpoints.uploadsBucket;
    const long = await raw('PUT', `/${bucket}/incoming/${'k'.repeat(1100)}`, 'x');
    expect(long.status).toBe(400);
    expect(long.text).toContain('<Code>KeyTooLongError</Code>');
    const multibyte = await raw('PUT', `/${bucket}/${encodeURIComponent('é'.repeat(520))}`, 'x');
    expect(multibyte.text).toContain('<Code>KeyTooLongError</Code>');
    for (const path of [
      `/${bucket}/../../escaped.txt`,
      `/${bucket}/incoming/%2e%2e/%2e%2e/%2e%2e/escaped.txt`,
      `/${bucket}/a/./b`,
      `/..%2f..%2fescaped/x`,
    ]) {
      const answer = await raw('PUT', path, 'escape');
      expect(answer.status, path).toBe(400);
    }
    expect((await raw('GET', `/${bucket}/%E0%A4%A`)).status).toBe(400);
    expect((await raw('PUT', `/${bucket}/${'s'.repeat(300)}`, 'x')).status).toBe(400);
    const home = dirname(join(cloud.home, 'x'));
    expect(readdirSync(home).filter((name) => name.includes('escaped'))).toEqual([]);
    expect(readdirSync(dirname(home)).filter((name) => name.includes('escaped'))).toEqual([]);

    // still serving, and still taking in uploads
    const receipt = await upload('incoming/inspections/2304/HH-2304-07/after-hostile.jsonl', jsonl([inspection()]));
    expect(receipt).toMatchObject({ status: 'accepted', accepted: 1 });
  });
});
