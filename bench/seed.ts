// Stored records written straight to the local DynamoDB, exactly as the record store writes them.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inspection } from '../fixtures/records.js';
import { recordItem } from '../functions/adapters/dynamo-record-store.js';
import { fingerprint } from '../functions/domain/fingerprint.js';
import type { Inspection } from '../functions/domain/records/schemas.js';
import { mapWithConcurrency } from '../functions/shared/concurrency.js';

/** An item exactly as the record store writes it, for the benchmarks' own writes. */
export function storedItem(port: string, day: string, recordId: string, line: number) {
  const data = inspection({ recordId, portCode: port, startedAt: `${day}T10:00:00-06:00` }) as unknown as Inspection;
  return recordItem({
    record: { kind: 'inspections', data },
    day,
    // as long as a record's fingerprint; hashing the id is cheaper for the 1.4 million items the benchmarks seed
    fingerprint: fingerprint(recordId),
    source: { key: `incoming/inspections/${port}/HH-BENCH/seed.jsonl`, delivery: 'seed', line },
    flags: [],
    receivedAt: `${day}T12:00:00.000Z`,
  });
}

/** Writes `count` items, `itemAt(i)` each, in BatchWriteItem requests of 25 with `inFlight` at once. */
export async function batchWrite(
  db: DynamoDBDocumentClient,
  table: string,
  count: number,
  itemAt: (i: number) => Record<string, unknown>,
  inFlight: number,
): Promise<void> {
  const starts = Array.from({ length: Math.ceil(count / 25) }, (_, c) => c * 25);
  await mapWithConcurrency(starts, inFlight, async (start) => {
    let request = Array.from({ length: Math.min(25, count - start) }, (_, k) => ({
      PutRequest: { Item: itemAt(start + k) },
    }));
    while (request.length > 0) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: request } }));
      request = (out.UnprocessedItems?.[table] ?? []) as typeof request;
    }
  });
}

/** Writes `count` stored-record items for the given days, spread over every port, BatchWriteItem 16 in flight. */
export async function seedRecords(
  db: DynamoDBDocumentClient,
  table: string,
  ports: readonly string[],
  days: readonly string[],
  count: number,
  prefix: string,
): Promise<number> {
  const t = performance.now();
  await batchWrite(
    db,
    table,
    count,
    (i) => {
      const port = ports[i % ports.length] as string;
      const day = days[Math.floor(i / ports.length) % days.length] as string;
      return storedItem(port, day, `${prefix}-${i}`, i);
    },
    16,
  );
  return count / ((performance.now() - t) / 1000);
}
