// Field records in DynamoDB, one item per recordId, written with a condition so a record is never stored twice.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordKind } from '../domain/records/schemas.js';
import type { RecordSource, RecordStore, RecordToStore, StoreResult } from '../ingest/ports.js';
import { mapWithConcurrency } from '../shared/concurrency.js';

export const RECORD_SK = 'RECORD';

export function recordPk(kind: RecordKind, recordId: string): string {
  return `${kind}#${recordId}`;
}

/** The index key that finds a port's records of one kind by day: byPortDay (gsi1pk, gsi1sk). */
export function portDayKey(portCode: string, kind: RecordKind): string {
  return `${portCode}#${kind}`;
}

export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly concurrency = 16,
  ) {}

  storeIfAbsent(records: readonly RecordToStore[]): Promise<StoreResult[]> {
    return mapWithConcurrency(records, this.concurrency, (record) => this.storeOne(record));
  }

  private async storeOne(entry: RecordToStore): Promise<StoreResult> {
    const { record } = entry;
    const pk = recordPk(record.kind, record.data.recordId);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk,
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
          },
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
}
