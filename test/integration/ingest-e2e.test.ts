// Uploads the way the field sends them: objects put into the local S3, events through the local queue to the ingest function.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import type { LocalCloud } from '../../local/cloud.js';
import { api, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
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

const upload = (key: string, body: Buffer | string) => stores.upload(key, body, 420_000);

describe('uploads through the local S3', () => {
  it('takes a CSV batch, stores its records and requests a referral for its seizure', async () => {
    const csv = [
      'recordId,portCode,deviceId,officerId,startedAt,mode,techniques,travelers,disposition,staffMinutes,firearms,ammunitionRounds,currencyUsd,currencyDeclared',
      'csv-1,2304,HH-9,O-2,2026-10-01T08:00:00-05:00,truck,xray;physical,1,seized,45,2,150,,',
      'csv-2,2304,HH-9,O-2,2026-10-01T08:30:00-05:00,bus,interview,30,cleared,20,,,,',
      'csv-3,2304,HH-9,O-2,2026-10-01T09:00:00-05:00,bus,interview,1,warned,20,,,12000,no',
      'csv-4,2304,HH-9,O-2,tomorrow,bus,interview,1,warned,20,,,,',
    ].join('\n');
    const receipt = await upload('incoming/inspections/2304/HH-9/csv-batch.csv', csv);
    expect(receipt).toMatchObject({ status: 'partial', received: 4, accepted: 3, rejected: 1, referralsRequested: 2 });
    expect(receipt.flagged.currencyReportingViolations).toBe(1);
    expect(receipt.errors).toEqual([{ line: 5, field: 'startedAt', message: expect.stringContaining('ISO-8601') }]);
    expect(await stores.countRecords('2304', 'inspections', '2026-10-01')).toBe(3);
  });

  it('takes the other kinds of record', async () => {
    const traffic = jsonl([
      {
        recordId: 'tr-1',
        portCode: '0103',
        hourStart: '2026-10-02T08:00:00-04:00',
        mode: 'personal_vehicle',
        exits: 120,
        source: 'sensor',
      },
    ]);
    const staffing =
      'recordId,portCode,date,shift,outboundHours,divertedHours,officers\nst-1,0103,2026-10-02,day,16,4,3\n';
    const equipment = jsonl([
      {
        recordId: 'eq-1',
        portCode: '0103',
        observedAt: '2026-10-02T08:00:00-04:00',
        asset: 'network',
        status: 'down',
        minutesDown: 90,
        note: '<b>fiber cut</b>',
      },
    ]);
    expect(await upload('incoming/traffic/0103/S-1/t.jsonl', traffic)).toMatchObject({
      status: 'accepted',
      accepted: 1,
    });
    expect(await upload('incoming/staffing/0103/S-1/s.csv', staffing)).toMatchObject({
      status: 'accepted',
      accepted: 1,
    });
    expect(await upload('incoming/equipment/0103/S-1/e.jsonl', equipment)).toMatchObject({
      status: 'accepted',
      accepted: 1,
    });
    expect(await stores.countRecords('0103', 'staffing', '2026-10-02')).toBe(1);
    expect((await stores.record('equipment', 'eq-1', '0103'))?.data.note).toBe('<b>fiber cut</b>');
  });

  it('answers garbage with a rejected receipt and stores nothing, then goes on with the next upload', async () => {
    const garbage = await upload('incoming/inspections/2304/HH-9/garbage.jsonl', randomBytes(64 * 1024));
    expect(garbage.status).toBe('rejected');
    expect(garbage.accepted).toBe(0);
    const misplaced = await (async () => {
      const since = new Date();
      await stores.put('incoming/inspections/whatever.jsonl', 'x');
      return receiptAt(
        (k) => stores.getJson<Receipt>(k),
        'receipts/_invalid/incoming/inspections/whatever.jsonl.json',
        since,
      );
    })();
    expect(misplaced).toMatchObject({ status: 'rejected', reason: expect.stringContaining('must follow') });
    const next = await upload(
      'incoming/inspections/2304/HH-9/after-garbage.jsonl',
      jsonl([inspection({ startedAt: '2026-10-03T08:00:00-05:00' })]),
    );
    expect(next.status).toBe('accepted');
  });

  it('ingests a 100,000-line file exactly once, and a repeat of it as duplicates', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) =>
      inspection({ recordId: `big-${i}`, startedAt: '2026-09-01T10:00:00-05:00' }),
    );
    const body = jsonl(lines);
    const first = await upload('incoming/inspections/2304/HH-BIG/big.jsonl', body);
    expect(first).toMatchObject({ status: 'accepted', received: 100_000, accepted: 100_000 });
    expect(await stores.countRecords('2304', 'inspections', '2026-09-01')).toBe(100_000);
    const repeat = await upload('incoming/inspections/2304/HH-BIG/big-again.jsonl', body);
    expect(repeat).toMatchObject({ status: 'accepted', accepted: 0, duplicates: 100_000 });
    expect(await stores.countRecords('2304', 'inspections', '2026-09-01')).toBe(100_000);
  }, 900_000);
});

describe('the uploads API', () => {
  it('hands an officer a presigned URL for their port, then the receipt', async () => {
    const token = await tokenFor(cloud, { role: 'officer', port: '2304' });
    const created = await api(cloud, '/uploads', {
      method: 'POST',
      token,
      body: JSON.stringify({ kind: 'inspections', portCode: '2304', deviceId: 'HH-API', batchId: 'api-1' }),
    });
    expect(created).toMatchObject({
      status: 201,
      body: { batchId: 'api-1', key: 'incoming/inspections/2304/HH-API/api-1.jsonl' },
    });
    expect(await api(cloud, '/uploads/api-1', { token })).toMatchObject({
      status: 200,
      body: { status: 'awaiting-upload' },
    });
    expect(created.body.headers).toEqual({ 'If-None-Match': '*' });
    const put = await fetch(created.body.uploadUrl, {
      method: 'PUT',
      headers: created.body.headers,
      body: jsonl([inspection({ startedAt: '2026-10-04T08:00:00-05:00' })]),
    });
    expect(put.status).toBe(200);
    let answer = await api(cloud, '/uploads/api-1', { token });
    for (let i = 0; i < 100 && answer.body.status !== 'processed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await api(cloud, '/uploads/api-1', { token });
    }
    expect(answer.body).toMatchObject({ status: 'processed', receipt: { status: 'accepted', accepted: 1 } });
    const again = await api(cloud, '/uploads', {
      method: 'POST',
      token,
      body: JSON.stringify({ kind: 'inspections', portCode: '2304', deviceId: 'HH-API', batchId: 'api-1' }),
    });
    expect(again.status).toBe(409);
  });

  it('keeps officers to their own port and validates the request', async () => {
    const officer = await tokenFor(cloud, { role: 'officer', port: '2304' });
    const other = await api(cloud, '/uploads', {
      method: 'POST',
      token: officer,
      body: JSON.stringify({ kind: 'inspections', portCode: '0103', deviceId: 'HH' }),
    });
    expect(other.status).toBe(403);
    const bad = await api(cloud, '/uploads', {
      method: 'POST',
      token: officer,
      body: JSON.stringify({ kind: 'parcels', portCode: '2304', deviceId: '../x' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['deviceId', 'kind']);
    const investigator = await tokenFor(cloud, { role: 'investigator', agency: 'HSI' });
    expect((await api(cloud, '/uploads', { method: 'POST', token: investigator, body: '{}' })).status).toBe(403);
    const elsewhere = await tokenFor(cloud, { role: 'supervisor', port: '0103' });
    expect((await api(cloud, '/uploads/api-1', { token: elsewhere })).status).toBe(404);
  });
});
