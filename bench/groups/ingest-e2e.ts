// ingest.e2e and ingest.writes: an upload through the ingest use case against the exactly-once ceiling.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { inspection, jsonl } from '../../fixtures/records.js';
import { DynamoRecordStore, RECORD_WRITES_IN_FLIGHT } from '../../functions/adapters/dynamo-record-store.js';
import { createIngestDeps } from '../../functions/ingest/deps.js';
import { processUpload } from '../../functions/ingest/process-upload.js';
import { mapWithConcurrency } from '../../functions/shared/concurrency.js';
import { outsideDynamoDb, outsideS3 } from '../../local/outside-clients.js';
import type { BenchCloud } from '../cloud.js';
import { results, round } from '../results.js';
import { batchWrite, storedItem } from '../seed.js';

/** The ingest end to end, against one conditional put per record measured in the same run. */
export const E2E_CEILING_RATIO = 0.9;

export async function ingestEndToEnd(cloud: BenchCloud) {
  const e = cloud.endpoints;
  const n = 20_000;
  const s3 = outsideS3(e);
  const raw = outsideDynamoDb(e);
  const writes = { requests: 0, items: 0 };
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { RequestItems?: Record<string, unknown[]> };
      if (context.commandName === 'PutItemCommand') {
        writes.requests++;
        writes.items++;
      } else if (context.commandName === 'BatchWriteItemCommand') {
        writes.requests++;
        writes.items += Object.values(input.RequestItems ?? {}).reduce((a, l) => a + l.length, 0);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const table = e.tables.records as string;
  const deps = { ...createIngestDeps(), records: new DynamoRecordStore(db, table) };
  const body = jsonl(Array.from({ length: n }, (_, i) => inspection({ recordId: `e2e-${i}` })));
  const key = 'incoming/inspections/2304/HH-BENCH/e2e.jsonl';
  await s3.send(new PutObjectCommand({ Bucket: e.uploadsBucket, Key: key, Body: body }));
  // the ceiling of exactly-once writes here: one conditional PutItem per record (the local DynamoDB has neither
  // TransactWriteItems nor PartiQL, the batched conditional forms), as many in flight as the store uses; measured
  // right before and right after the ingest, on items exactly as the store writes them (other recordIds, on a day
  // long before any window the metrics benchmarks read), so the machine's drift falls on both sides alike
  const day = '2001-01-01';
  const ceilingRun = async (from: number) => {
    const items = Array.from({ length: n / 4 }, (_, i) => storedItem('2304', day, `ceiling-${from + i}`, i));
    const started = performance.now();
    await mapWithConcurrency(items, RECORD_WRITES_IN_FLIGHT, async (Item) => {
      await db.send(new PutCommand({ TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
    });
    return items.length / ((performance.now() - started) / 1000);
  };
  const ceilingBefore = await ceilingRun(0);
  const writesBefore = { ...writes };
  let t = performance.now();
  const { receipt } = await processUpload(deps, { key, sequencer: 'bench' });
  const seconds = (performance.now() - t) / 1000;
  const value = receipt.accepted / seconds;
  const ingestWrites = { requests: writes.requests - writesBefore.requests, items: writes.items - writesBefore.items };
  const ceilingAfter = await ceilingRun(n);
  const ceiling = (ceilingBefore + ceilingAfter) / 2;

  // BatchWriteItem, for information (no condition: not exactly-once), the same items
  const items = Array.from({ length: n }, (_, i) => storedItem('2304', day, `baseline-${i}`, i));
  t = performance.now();
  await batchWrite(db, table, n, (i) => items[i] as Record<string, unknown>, 8);
  const batched = n / ((performance.now() - t) / 1000);

  results['ingest.e2e'] = {
    value: Math.round(value),
    unit: 'records/s',
    baseline: Math.round(ceiling),
    ratio: round(value / ceiling),
    budget: `ratio to the exactly-once ceiling ≥ ${E2E_CEILING_RATIO}`,
    ok: value / ceiling >= E2E_CEILING_RATIO,
    detail: {
      baselineIs: 'one conditional PutItem per record, as many in flight as the store uses, measured in this run',
      batchWriteItemsPerSecond: Math.round(batched),
      ceilingToBatchWrite: round(ceiling / batched),
      ingestToBatchWrite: round(value / batched),
      ceilingBeforeAndAfter: [Math.round(ceilingBefore), Math.round(ceilingAfter)],
    },
  };
  const perRecord = ingestWrites.items / receipt.accepted;
  results['ingest.writes'] = {
    value: round(perRecord, 3),
    unit: 'items written per accepted record',
    budget: '≤ 1.2',
    ok: perRecord <= 1.2,
    detail: {
      writeRequests: ingestWrites.requests,
      itemsWritten: ingestWrites.items,
      accepted: receipt.accepted,
      secondsForIngest: round(seconds, 1),
    },
  };
  return { secondsPerRecord: seconds / receipt.accepted };
}
