// The control table's upload bookkeeping.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Receipt } from '../domain/uploads/receipt.js';
import type { UploadEntry, UploadRegistry, UploadRequests } from '../ingest/interfaces.js';

export class DynamoUploadRegistry implements UploadRegistry, UploadRequests {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Registers an awaited upload; false if that batch was already uploaded and processed. */
  async expect(entry: Omit<UploadEntry, 'status'>): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `UPLOAD#${entry.batchId}`,
            sk: entry.key,
            gsi1pk: 'UPLOAD_REQUESTS',
            gsi1sk: `${entry.requestedAt}#${entry.batchId}`,
            status: 'awaiting-upload',
            ...entry,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :awaiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':awaiting': 'awaiting-upload' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async recordReceipt(receipt: Receipt, receiptKey: string): Promise<void> {
    if (!receipt.batchId) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `UPLOAD#${receipt.batchId}`, sk: receipt.key },
        UpdateExpression:
          'SET #status = :processed, batchId = :batch, receiptKey = :receiptKey, receiptStatus = :receiptStatus, processedAt = :at, portCode = :port, kind = :kind, deviceId = :device, rejected = :rejected, conflicts = :conflicts, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':processed': 'processed',
          ':batch': receipt.batchId,
          ':receiptKey': receiptKey,
          ':receiptStatus': receipt.status,
          ':at': receipt.processedAt,
          ':port': receipt.portCode,
          ':kind': receipt.kind,
          ':device': receipt.deviceId,
          ':rejected': receipt.rejected,
          ':conflicts': receipt.conflicts,
          ':gsi1pk': `UPLOADS#${receipt.portCode}`,
          ':gsi1sk': `${receipt.processedAt}#${receipt.batchId}`,
        },
      }),
    );
  }

  async find(batchId: string): Promise<UploadEntry[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `UPLOAD#${batchId}` },
      }),
    );
    return (result.Items ?? []) as UploadEntry[];
  }

  /** A port's processed uploads, newest first (the byKind index keeps them by port and processing time). */
  async recentByPort(portCode: string, limit: number): Promise<UploadEntry[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byKind',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `UPLOADS#${portCode}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []) as UploadEntry[];
  }
}
