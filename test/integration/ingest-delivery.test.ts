// Exactly once against the local S3 and DynamoDB, with events delivered by the test: repeated, concurrent, after a crash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import { createIngestDeps } from '../../functions/ingest/deps.js';
import { objectCreatedEvent } from '../../functions/ingest/events.js';
import type { RecordStore } from '../../functions/ingest/interfaces.js';
import { processUpload } from '../../functions/ingest/process-upload.js';
import type { LocalCloud } from '../../local/cloud.js';
import { invokeLocal } from '../../local/functions.js';
import { LocalQueue } from '../../local/queue.js';
import { startTestCloud, stopTestCloud, tempHome } from '../support/cloud.js';
import { clientsFor } from '../support/stores.js';

let cloud: LocalCloud;
let stores: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  cloud = await startTestCloud(tempHome(), undefined, false);
  stores = clientsFor(cloud);
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

function batch(day: string, count: number, prefix: string) {
  return jsonl(
    Array.from({ length: count }, (_, i) =>
      inspection({ recordId: `${prefix}-${i}`, startedAt: `${day}T08:00:00-06:00` }),
    ),
  );
}

async function deliver(key: string, sequencer: string): Promise<SQSBatchResponse> {
  const event: SQSEvent = {
    Records: [
      {
        messageId: `m-${Math.random()}`,
        receiptHandle: 'r',
        body: JSON.stringify(objectCreatedEvent(cloud.endpoints.uploadsBucket, { key, sequencer })),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 't',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
        awsRegion: 'us-east-1',
      },
    ],
  };
  return (await invokeLocal('ingest', event)) as SQSBatchResponse;
}

const receiptOf = (key: string) =>
  stores.getJson<{ accepted: number; duplicates: number; received: number; status: string }>(key);

describe('ingest delivery', () => {
  it('stores a file delivered three times once, and says so three times', async () => {
    const key = 'incoming/inspections/2304/HH-1/thrice.jsonl';
    await stores.put(key, batch('2026-11-01', 120, 'thrice'));
    for (let i = 0; i < 3; i++) expect(await deliver(key, 'SEQ-A')).toEqual({ batchItemFailures: [] });
    expect(await receiptOf('receipts/inspections/2304/HH-1/thrice.json')).toMatchObject({
      status: 'accepted',
      received: 120,
      accepted: 120,
      duplicates: 0,
    });
    expect(await stores.countRecords('2304', 'inspections', '2026-11-01')).toBe(120);
  });

  it('stores a file once when the same event is handled concurrently', async () => {
    const key = 'incoming/inspections/2304/HH-1/concurrent.jsonl';
    await stores.put(key, batch('2026-11-02', 300, 'concurrent'));
    const responses = await Promise.all([deliver(key, 'SEQ-B'), deliver(key, 'SEQ-B'), deliver(key, 'SEQ-B')]);
    expect(responses.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    expect(await receiptOf('receipts/inspections/2304/HH-1/concurrent.json')).toMatchObject({
      received: 300,
      accepted: 300,
    });
    expect(await stores.countRecords('2304', 'inspections', '2026-11-02')).toBe(300);
  });

  it('reports a new upload of the same records as duplicates and stores nothing more', async () => {
    const key = 'incoming/inspections/2304/HH-1/repeat.jsonl';
    const again = 'incoming/inspections/2304/HH-1/repeat-again.jsonl';
    await stores.put(key, batch('2026-11-03', 50, 'repeat'));
    await stores.put(again, batch('2026-11-03', 50, 'repeat'));
    await deliver(key, 'SEQ-C1');
    const before = await stores.record('inspections', 'repeat-7');
    await deliver(again, 'SEQ-C2');
    expect(await receiptOf('receipts/inspections/2304/HH-1/repeat-again.json')).toMatchObject({
      status: 'accepted',
      accepted: 0,
      duplicates: 50,
    });
    expect(await stores.countRecords('2304', 'inspections', '2026-11-03')).toBe(50);
    expect(await stores.record('inspections', 'repeat-7')).toEqual(before);
  });

  it('finishes after a crash half-way through the writes, without doubling or losing a record', async () => {
    const key = 'incoming/inspections/2304/HH-1/crash.jsonl';
    await stores.put(key, batch('2026-11-04', 1000, 'crash'));
    const deps = createIngestDeps();
    let writes = 0;
    const crashing: RecordStore = {
      referralsStarted: (records, at) => deps.records.referralsStarted(records, at),
      pendingReferrals: (before, limit) => deps.records.pendingReferrals(before, limit),
      storeIfAbsent: async (records) => {
        if (writes >= 500) throw new Error('killed half-way');
        writes += records.length;
        return deps.records.storeIfAbsent(records);
      },
    };
    await expect(processUpload({ ...deps, records: crashing }, { key, sequencer: 'SEQ-D' })).rejects.toThrow(
      'killed half-way',
    );
    expect(await stores.countRecords('2304', 'inspections', '2026-11-04')).toBe(500);
    expect(await deliver(key, 'SEQ-D')).toEqual({ batchItemFailures: [] });
    expect(await receiptOf('receipts/inspections/2304/HH-1/crash.json')).toMatchObject({
      status: 'accepted',
      received: 1000,
      accepted: 1000,
    });
    expect(await stores.countRecords('2304', 'inspections', '2026-11-04')).toBe(1000);
  });

  it('keeps the stored record on a conflict, quarantines and names the new version', async () => {
    const first = 'incoming/inspections/2304/HH-1/conflict-a.jsonl';
    const second = 'incoming/inspections/2304/HH-1/conflict-b.jsonl';
    await stores.put(
      first,
      jsonl([inspection({ recordId: 'conflicted', startedAt: '2026-11-05T08:00:00-06:00', travelers: 1 })]),
    );
    await stores.put(
      second,
      jsonl([inspection({ recordId: 'conflicted', startedAt: '2026-11-05T08:00:00-06:00', travelers: 9 })]),
    );
    await deliver(first, 'SEQ-E1');
    await deliver(second, 'SEQ-E2');
    expect(await receiptOf('receipts/inspections/2304/HH-1/conflict-b.json')).toMatchObject({
      status: 'rejected',
      conflicts: 1,
      conflictedRecords: [{ line: 1, recordId: 'conflicted' }],
    });
    expect((await stores.record('inspections', 'conflicted'))?.data).toMatchObject({ travelers: 1 });
    expect(await stores.getText('quarantine/inspections/2304/HH-1/conflict-b.jsonl')).toContain('"travelers":9');
    expect(await stores.countRecords('2304', 'inspections', '2026-11-05')).toBe(1);
  });

  it('fails an unreadable message so the queue retries it, then dead-letters it with the reason', async () => {
    const deadLetterFile = join(cloud.home, 'test-dead-letters.jsonl');
    const queue = new LocalQueue({
      name: 'test-ingest',
      consumer: async (event) => (await invokeLocal('ingest', event)) as SQSBatchResponse,
      maxReceives: 2,
      visibilityTimeoutMs: 20,
      deadLetterFile,
      log: () => undefined,
    });
    queue.send('not json');
    await queue.drained();
    const [dead] = readFileSync(deadLetterFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(dead).toMatchObject({ receives: 2, body: 'not json' });
    expect(dead.reason).toContain('the message body is not JSON');
  });
});
