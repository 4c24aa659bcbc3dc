// Field records in DynamoDB, one item per port and recordId, written with a condition so a record is never stored twice.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RecordKind } from '../domain/records/kinds.js';
import type { ReferralRequest } from '../domain/records/rules.js';
import type {
  PendingReferrals,
  RecordRef,
  RecordSource,
  RecordStore,
  RecordToStore,
  StoreResult,
} from '../ingest/interfaces.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { portDayKey, RECORD_SK, REFERRAL_OUTBOX, REFERRAL_OUTBOX_INDEX, recordPk } from '../shared/storage-keys.js';

/** Conditional puts in flight per upload: where the local store's throughput of single writes levels off. */
export const RECORD_WRITES_IN_FLIGHT = 32;

type Existing = { fingerprint: string; source: RecordSource };

function pkOf(entry: RecordToStore): string {
  return recordPk(entry.record.kind, entry.record.data.portCode, entry.record.data.recordId);
}

/** The item a record is stored as: keyed by kind, port and recordId, found by port and day through byPortDay. */
export function recordItem(entry: RecordToStore): Record<string, unknown> {
  const { record } = entry;
  return {
    pk: pkOf(entry),
    sk: RECORD_SK,
    gsi1pk: portDayKey(record.data.portCode, record.kind),
    gsi1sk: `${entry.day}#${record.data.recordId}`,
    kind: record.kind,
    portCode: record.data.portCode,
    day: entry.day,
    fingerprint: entry.fingerprint,
    source: entry.source,
    flags: entry.flags,
    receivedAt: entry.receivedAt,
    data: record.data,
    ...(entry.referrals?.length
      ? { referrals: entry.referrals, gsi2pk: REFERRAL_OUTBOX, gsi2sk: `${entry.receivedAt}#${pkOf(entry)}` }
      : {}),
  };
}

export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly concurrency = RECORD_WRITES_IN_FLIGHT,
  ) {}

  /**
   * Writes each record with its condition. When many may be stored already (`likelyStored`, the default), reads
   * what is there first (100 keys a request) and writes only the absent ones; otherwise writes straight away (a new
   * upload: the read would only cost a round trip and the store's time), and a failed condition says what is there.
   */
  async storeIfAbsent(records: readonly RecordToStore[], options?: { likelyStored?: boolean }): Promise<StoreResult[]> {
    const existing =
      options?.likelyStored === false ? new Map<string, Existing>() : await this.existing(records.map(pkOf));
    return mapWithConcurrency(records, this.concurrency, async (entry) => {
      const found = existing.get(pkOf(entry));
      return found ? { stored: false, existing: found } : this.storeOne(entry);
    });
  }

  private async existing(pks: string[]): Promise<Map<string, Existing>> {
    const found = new Map<string, Existing>();
    const unique = [...new Set(pks)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((pk) => ({ pk, sk: RECORD_SK }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const result: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: 'pk, fingerprint, #source',
                ExpressionAttributeNames: { '#source': 'source' },
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.table] ?? []) {
          found.set(String(item.pk), { fingerprint: String(item.fingerprint), source: item.source as RecordSource });
        }
        keys = result.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  private async storeOne(entry: RecordToStore): Promise<StoreResult> {
    const pk = pkOf(entry);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: recordItem(entry),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { stored: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing =
        (error.Item as Record<string, unknown> | undefined) ??
        (
          await this.db.send(
            new GetCommand({ TableName: this.table, Key: { pk, sk: RECORD_SK }, ConsistentRead: true }),
          )
        ).Item;
      if (!existing) throw new Error(`record ${pk} failed its condition but cannot be read`);
      return {
        stored: false,
        existing: { fingerprint: String(existing.fingerprint), source: existing.source as RecordSource },
      };
    }
  }
  async referralsStarted(records: readonly RecordRef[], at: string): Promise<void> {
    await mapWithConcurrency(records, this.concurrency, async (ref) => {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: recordPk(ref.kind, ref.portCode, ref.recordId), sk: RECORD_SK },
            UpdateExpression: 'REMOVE gsi2pk, gsi2sk SET referralsStartedAt = if_not_exists(referralsStartedAt, :at)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  async pendingReferrals(before: string, limit: number): Promise<PendingReferrals[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REFERRAL_OUTBOX_INDEX,
        KeyConditionExpression: 'gsi2pk = :outbox AND gsi2sk < :before',
        ExpressionAttributeValues: { ':outbox': REFERRAL_OUTBOX, ':before': before },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => ({
      record: { kind: item.kind as RecordKind, portCode: String(item.portCode), recordId: String(item.data?.recordId) },
      referrals: (item.referrals ?? []) as ReferralRequest[],
      receivedAt: String(item.receivedAt),
    }));
  }
}
