// Reads records by port and day (through the byPortDay index, never a Scan), keeps the daily aggregates, the policy
// with its history, and reads the uploads' quality: the metrics' and the policy's interfaces over DynamoDB.
import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.js';
import type { DailyFigures, StoredInspection } from '../domain/metrics.js';
import { DEFAULT_POLICY, type Policy, policySchema } from '../domain/policy.js';
import type { RecordKind } from '../domain/records/kinds.js';
import type { MetricsStore, RecordReader, StoredRecord, UploadQuality } from '../metrics/interfaces.js';
import type { CurrentPolicy, PolicyChange, PolicyStore } from '../policy/interfaces.js';
import { portDayKey } from '../shared/storage-keys.js';
import { AuditedChanges } from './audited-change.js';
import { queryAll } from './dynamo-query.js';

export class DynamoRecordReader implements RecordReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The port's records of one kind whose day is within [from, to]. */
  async records(portCode: string, kind: RecordKind, from: string, to: string): Promise<StoredRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'byPortDay',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': portDayKey(portCode, kind), ':from': `${from}#`, ':to': `${to}#\uffff` },
      ProjectionExpression: '#day, #data, receivedAt, flags',
      ExpressionAttributeNames: { '#day': 'day', '#data': 'data' },
    });
    return items.map((item) => ({
      day: String(item.day),
      data: item.data,
      receivedAt: String(item.receivedAt),
      flags: (item.flags as string[]) ?? [],
    }));
  }

  async inspections(portCode: string, from: string, to: string): Promise<StoredInspection[]> {
    return (await this.records(portCode, 'inspections', from, to)) as StoredInspection[];
  }
}

export class DynamoMetricsStore implements MetricsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Overwrites the daily figures of each (scope, day): a re-run replaces, never adds. */
  async putDaily(
    rows: ReadonlyArray<{ scope: string; day: string; figures: DailyFigures }>,
    computedAt: string,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 25) {
      let requests = rows.slice(i, i + 25).map(({ scope, day, figures }) => ({
        PutRequest: { Item: { pk: `${scope}#day`, sk: day, scope, day, computedAt, ...figures } },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('daily metrics could not be written: unprocessed items remain');
        if (attempt > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
        const result = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (result.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
  }

  async daily(scope: string, from: string, to: string): Promise<Map<string, DailyFigures>> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `${scope}#day`, ':from': from, ':to': to },
    });
    return new Map(
      items.map((item) => {
        const { pk: _pk, sk: _sk, scope: _scope, day, computedAt: _at, ...figures } = item;
        return [String(day), figures as unknown as DailyFigures];
      }),
    );
  }

  /** When the figures of (scope, day) were last computed; undefined if never. */
  async computedAt(scope: string, day: string): Promise<string | undefined> {
    const item = (
      await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: `${scope}#day`, sk: day },
          ProjectionExpression: 'computedAt',
          ConsistentRead: true,
        }),
      )
    ).Item;
    return typeof item?.computedAt === 'string' ? item.computedAt : undefined;
  }

  async lastInspectionDays(): Promise<Map<string, string>> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'LAST_INSPECTION' },
    });
    return new Map(items.map((item) => [String(item.sk), String(item.day)]));
  }

  /** Keeps the latest day a port inspected; an older day never replaces a newer one. */
  async noteInspectionDay(portCode: string, day: string): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: 'LAST_INSPECTION', sk: portCode, day },
          ConditionExpression: 'attribute_not_exists(pk) OR #day < :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}

const POLICY_KEY = { pk: 'POLICY', sk: 'CURRENT' };

export class DynamoPolicyStore implements PolicyStore {
  private readonly changes: AuditedChanges;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.changes = new AuditedChanges(db, table);
  }

  async get(): Promise<CurrentPolicy> {
    const item = (
      await this.db.send(
        new GetCommand({ TableName: this.table, Key: { pk: 'POLICY', sk: 'CURRENT' }, ConsistentRead: true }),
      )
    ).Item;
    if (!item) return { policy: DEFAULT_POLICY, version: 0 };
    return {
      policy: policySchema().parse(item.policy),
      version: Number(item.version),
      updatedAt: String(item.updatedAt),
      updatedBy: String(item.updatedBy),
    };
  }

  /** Replaces the policy if it is still at `version`, with its entry in the policy audit trail. */
  async put(
    policy: Policy,
    expectedVersion: number,
    by: { subject: string; role: string },
    at: string,
    reason?: string,
  ): Promise<number> {
    const version = expectedVersion + 1;
    const entry = { policy, version, at, by: by.subject, role: by.role, ...(reason ? { reason } : {}) };
    const current = { policy, version, updatedAt: at, updatedBy: by.subject };
    const outcome = await this.changes.change(
      POLICY_KEY,
      (item) => {
        const audit = { sk: `AUDIT#${String(version).padStart(8, '0')}`, entry };
        if (!item) return expectedVersion === 0 ? { create: current, audit } : undefined;
        if (Number(item.version) !== expectedVersion) return undefined;
        return {
          set: current,
          audit,
          condition: { expression: 'version = :expected', values: { ':expected': expectedVersion } },
        };
      },
      // a resent change is answered as stale, never applied twice (the caller reads the policy again)
      () => false,
    );
    if (outcome.applied) return version;
    throw new ConflictError(
      `the policy changed since version ${expectedVersion}; read it again (GET /policy) and resend`,
    );
  }

  async history(): Promise<PolicyChange[]> {
    const items = await this.changes.trail(POLICY_KEY, 'AUDIT#');
    return items.map((item) => ({
      version: Number(item.version),
      at: String(item.at),
      by: String(item.by),
      role: String(item.role),
      ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
      policy: item.policy as Policy,
    }));
  }
}

export class DynamoUploadQuality implements UploadQuality {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Receipt keys of the port's uploads in [from, to] with rejected or conflicting lines. */
  async problemReceipts(portCode: string, from: string, to: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'byKind',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `UPLOADS#${portCode}`, ':from': from, ':to': `${to}~` },
    });
    return items
      .filter((item) => Number(item.rejected ?? 0) + Number(item.conflicts ?? 0) > 0)
      .flatMap((item) => (typeof item.receiptKey === 'string' ? [item.receiptKey] : []));
  }

  /** Rejected and conflicting lines in the port's uploads processed each day of [from, to]. */
  async byDay(
    portCode: string,
    from: string,
    to: string,
  ): Promise<Map<string, { rejected: number; conflicts: number }>> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'byKind',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `UPLOADS#${portCode}`, ':from': from, ':to': `${to}~` },
    });
    const days = new Map<string, { rejected: number; conflicts: number }>();
    for (const item of items) {
      const day = String(item.processedAt).slice(0, 10);
      const current = days.get(day) ?? { rejected: 0, conflicts: 0 };
      current.rejected += Number(item.rejected ?? 0);
      current.conflicts += Number(item.conflicts ?? 0);
      days.set(day, current);
    }
    return days;
  }
}
