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
import {
  median,
  pairInAlternatingOrder,
  pairsUntilSettled,
  percentile,
  results,
  round,
  type Settling,
} from '../results.js';
import { batchWrite, storedItem } from '../seed.js';

/** The ingest end to end, against one conditional put per record measured in the same run. */
export const E2E_CEILING_RATIO = 0.9;
/** Pairs of one ingest and one ceiling run, the same number of records on both sides, taken in rounds until settled. */
const RECORDS_PER_SIDE = 2_000;
const SETTLING: Settling = { perRound: 4, minPairs: 12, maxPairs: 24, stable: 0.02, intervalWidth: 0.12 };

export async function ingestEndToEnd(cloud: BenchCloud) {
  const e = cloud.endpoints;
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

  /** One upload of `n` new records through the ingest use case: records/s accepted, and what it wrote. */
  const ingestRun = async (name: string, n: number) => {
    const body = jsonl(Array.from({ length: n }, (_, i) => inspection({ recordId: `${name}-${i}` })));
    const key = `incoming/inspections/2304/HH-BENCH/${name}.jsonl`;
    await s3.send(new PutObjectCommand({ Bucket: e.uploadsBucket, Key: key, Body: body }));
    const before = { ...writes };
    const started = performance.now();
    const { receipt } = await processUpload(deps, { key, sequencer: name });
    const seconds = (performance.now() - started) / 1000;
    if (receipt.accepted !== n) throw new Error(`the ingest accepted ${receipt.accepted} of ${n} records`);
    return {
      rate: n / seconds,
      seconds,
      requests: writes.requests - before.requests,
      items: writes.items - before.items,
    };
  };
  // the ceiling of exactly-once writes here: one conditional PutItem per record (the local DynamoDB has neither
  // TransactWriteItems nor PartiQL, the batched conditional forms), as many in flight as the store uses, on items
  // exactly as the store writes them (other recordIds, on a day long before any window the metrics benchmarks read)
  const day = '2001-01-01';
  const ceilingRun = async (name: string, n: number) => {
    const items = Array.from({ length: n }, (_, i) => storedItem('2304', day, `${name}-${i}`, i));
    const started = performance.now();
    await mapWithConcurrency(items, RECORD_WRITES_IN_FLIGHT, async (Item) => {
      await db.send(new PutCommand({ TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
    });
    return n / ((performance.now() - started) / 1000);
  };

  // warm-up: the ingest's first run compiles its validators and opens its connections
  await ingestRun('e2e-warm', 1_000);
  await ceilingRun('ceiling-warm', 1_000);
  // pairs of one ingest and one ceiling run on the same number of records into the same table, one right after the
  // other, the order alternating, so that the machine's drift falls on both sides alike; the figure is the median of
  // the paired ratios, after rounds of pairs until it settles (as init.* does for cold starts)
  const ingestTotals = { seconds: 0, records: 0, requests: 0, items: 0 };
  const { pairs, movedByLastRound, interval } = await pairsUntilSettled(
    async (index) => {
      const ingestSide = async () => {
        const run = await ingestRun(`e2e-${index}`, RECORDS_PER_SIDE);
        ingestTotals.seconds += run.seconds;
        ingestTotals.records += RECORDS_PER_SIDE;
        ingestTotals.requests += run.requests;
        ingestTotals.items += run.items;
        return run.rate;
      };
      const ceilingSide = () => ceilingRun(`ceiling-${index}`, RECORDS_PER_SIDE);
      const [ingest, ceiling] = await pairInAlternatingOrder(index, ingestSide, ceilingSide);
      return { ingest, ceiling, ratio: ingest / ceiling };
    },
    (pair) => pair.ratio,
    SETTLING,
  );
  const ratios = pairs.map((pair) => pair.ratio);
  const ratio = median(ratios);

  // BatchWriteItem, for information (no condition: not exactly-once), the same items
  const n = RECORDS_PER_SIDE;
  const items = Array.from({ length: n }, (_, i) => storedItem('2304', day, `baseline-${i}`, i));
  const t = performance.now();
  await batchWrite(db, table, n, (i) => items[i] as Record<string, unknown>, 8);
  const batched = n / ((performance.now() - t) / 1000);
  const value = median(pairs.map((pair) => pair.ingest));
  const ceiling = median(pairs.map((pair) => pair.ceiling));

  results['ingest.e2e'] = {
    value: Math.round(value),
    unit: 'records/s (median of pairs)',
    baseline: Math.round(ceiling),
    ratio: round(ratio),
    budget: `median of paired ratios to the exactly-once ceiling ≥ ${E2E_CEILING_RATIO}`,
    ok: ratio >= E2E_CEILING_RATIO,
    detail: {
      baselineIs: 'one conditional PutItem per record, as many in flight as the store uses, measured in this run',
      method: `pairs of ${RECORDS_PER_SIDE} records through the ingest and ${RECORDS_PER_SIDE} conditional puts, the order alternating; ratio = median of the pairs' ratios`,
      pairs: pairs.length,
      medianMovedByLastRound: round(movedByLastRound, 3),
      pairedRatios: ratios.map((r) => round(r)),
      ratioP25: round(percentile(ratios, 25)),
      ratioP75: round(percentile(ratios, 75)),
      medianInterval95: interval.map((r) => round(r)),
      ceilingRange: [
        Math.round(Math.min(...pairs.map((pair) => pair.ceiling))),
        Math.round(Math.max(...pairs.map((pair) => pair.ceiling))),
      ],
      batchWriteItemsPerSecond: Math.round(batched),
      ceilingToBatchWrite: round(ceiling / batched),
      ingestToBatchWrite: round(value / batched),
    },
  };
  const perRecord = ingestTotals.items / ingestTotals.records;
  results['ingest.writes'] = {
    value: round(perRecord, 3),
    unit: 'items written per accepted record',
    budget: '≤ 1.2',
    ok: perRecord <= 1.2,
    detail: {
      writeRequests: ingestTotals.requests,
      itemsWritten: ingestTotals.items,
      accepted: ingestTotals.records,
      secondsForIngest: round(ingestTotals.seconds, 1),
    },
  };
  return { secondsPerRecord: ingestTotals.seconds / ingestTotals.records };
}
