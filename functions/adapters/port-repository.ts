// The port registry in the control table (partition PORT), read whole and cached per process.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Port, PortRegistry, portSchema } from '../domain/ports.js';
import { SharedValue, timeSlot } from '../shared/shared-value.js';
import { queryAll } from './dynamo-query.js';

const PARTITION = 'PORT';
const CACHE_MS = 5 * 60 * 1000;

export class DynamoPortRepository {
  private readonly cached = new SharedValue<PortRegistry>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  registry(): Promise<PortRegistry> {
    return this.cached.get(timeSlot(CACHE_MS), async () => {
      const items = await queryAll(this.db, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PARTITION },
      });
      return new PortRegistry(items.map((item): Port => portSchema().parse(item.port)));
    });
  }

  /** Writes the registry (idempotent: each port overwrites its own item). */
  async save(ports: readonly Port[]): Promise<void> {
    for (let i = 0; i < ports.length; i += 25) {
      let requests = ports.slice(i, i + 25).map((port) => ({
        PutRequest: { Item: { pk: PARTITION, sk: port.code, gsi1pk: 'PORT', gsi1sk: port.code, port } },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('the port registry could not be written: unprocessed items remain');
        const result = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (result.UnprocessedItems?.[this.table] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
    this.cached.forget();
  }
}
