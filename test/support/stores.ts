import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordKind } from '../../functions/domain/records/kinds.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import { portDayKey, RECORD_SK, receiptKeyOfObject, recordPk } from '../../functions/shared/storage-keys.js';
import type { LocalCloud } from '../../local/cloud.js';
import { outsideDocuments, outsideS3, readJson } from '../../local/outside-clients.js';

export function clientsFor(cloud: Pick<LocalCloud, 'endpoints'>) {
  const e = cloud.endpoints;
  const s3 = outsideS3(e);
  const db = outsideDocuments(e);

  return {
    s3,
    db,
    put: (key: string, body: Buffer | string) =>
      s3.send(new PutObjectCommand({ Bucket: e.uploadsBucket, Key: key, Body: body })),
    getJson: <T>(key: string) => readJson<T>(s3, e.uploadsBucket, key),
    /** Puts an upload and waits for the receipt the ingest writes for it. */
    async upload(key: string, body: Buffer | string, timeoutMs?: number): Promise<Receipt> {
      const since = new Date();
      await s3.send(new PutObjectCommand({ Bucket: e.uploadsBucket, Key: key, Body: body }));
      return receiptAt((k) => readJson<Receipt>(s3, e.uploadsBucket, k), receiptKeyOfObject(key), since, timeoutMs);
    },
    async getText(key: string): Promise<string | undefined> {
      try {
        return await (
          await s3.send(new GetObjectCommand({ Bucket: e.uploadsBucket, Key: key }))
        ).Body?.transformToString();
      } catch {
        return undefined;
      }
    },
    /** Stored records of a port and kind on one day, counted through the byPortDay index. */
    async countRecords(port: string, kind: RecordKind, day: string): Promise<number> {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: e.tables.records,
            IndexName: 'byPortDay',
            KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :day)',
            ExpressionAttributeValues: { ':pk': portDayKey(port, kind), ':day': `${day}#` },
            Select: 'COUNT',
            ExclusiveStartKey: startKey,
          }),
        );
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    },
    async record(kind: RecordKind, recordId: string, port = '2304') {
      return (
        await db.send(
          new GetCommand({ TableName: e.tables.records, Key: { pk: recordPk(kind, port, recordId), sk: RECORD_SK } }),
        )
      ).Item;
    },
  };
}

/** Waits for the receipt at `key` written after `since`. */
export async function receiptAt(
  get: (key: string) => Promise<Receipt | undefined>,
  key: string,
  since: Date,
  timeoutMs = 60_000,
): Promise<Receipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await get(key);
    if (receipt && Date.parse(receipt.processedAt) >= since.getTime() - 1) return receipt;
    if (Date.now() > deadline) throw new Error(`no receipt at ${key} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
