// Reads one stored inspection by its key in the records table: the findings a referral is opened from.
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Finding } from '../domain/records/schemas.js';
import type { InspectionReader } from '../referrals/interfaces.js';
import { RECORD_SK, recordPk } from '../shared/storage-keys.js';

export class DynamoInspectionReader implements InspectionReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async inspection(portCode: string, recordId: string) {
    const item = (
      await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: recordPk('inspections', portCode, recordId), sk: RECORD_SK },
        }),
      )
    ).Item;
    return item
      ? { findings: (item.data?.findings ?? []) as Finding[], startedAt: String(item.data?.startedAt) }
      : undefined;
  }
}
