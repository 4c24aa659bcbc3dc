// Surge operations in the operations table: the operation, its port assignments and its status history.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.js';
import type { Selection, SurgeRequest, SurgeResults, SurgeStatus } from '../domain/surges.js';
import { updateOf } from './dynamo-expressions.js';

export interface Surge {
  surgeId: string;
  status: SurgeStatus;
  request: SurgeRequest;
  start: string;
  end: string;
  mode: SurgeRequest['mode'];
  ports: string[];
  seed?: number;
  selection?: Selection[];
  executionArn?: string;
  results?: SurgeResults;
  cancelled?: { by: string; reason: string; at: string };
  failure?: { error: string; cause: string };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEntry {
  at: string;
  status: SurgeStatus;
  by: string;
  detail?: string;
}

const pk = (id: string) => `SURGE#${id}`;
const historyKey = (entry: HistoryEntry) => `HISTORY#${entry.at}#${entry.status}`;

export class SurgeRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(surge: Surge): Promise<void> {
    const entry: HistoryEntry = {
      at: surge.createdAt,
      status: surge.status,
      by: surge.createdBy,
      detail: surge.request.justification,
    };
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: pk(surge.surgeId),
          sk: 'META',
          gsi1pk: `STATUS#${surge.status}`,
          gsi1sk: `${surge.start}#${surge.surgeId}`,
          ...surge,
          lastHistory: entry,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.history(surge.surgeId, entry);
  }

  async get(id: string): Promise<Surge | undefined> {
    const item = (
      await this.db.send(
        new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: 'META' }, ConsistentRead: true }),
      )
    ).Item;
    if (!item) return undefined;
    const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, lastHistory: _h, ...surge } = item;
    return surge as Surge;
  }

  /**
   * The status history, oldest first. The latest entry is also kept on the operation itself (written with the
   * status), so it shows even before, or without, its own history item.
   */
  async historyOf(id: string): Promise<HistoryEntry[]> {
    const [result, meta] = await Promise.all([
      this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
          ExpressionAttributeValues: { ':pk': pk(id), ':h': 'HISTORY#' },
          ConsistentRead: true,
        }),
      ),
      this.db.send(new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: 'META' }, ConsistentRead: true })),
    ]);
    const entries = new Map<string, HistoryEntry>();
    for (const { pk: _p, sk, ...entry } of result.Items ?? []) entries.set(sk as string, entry as HistoryEntry);
    const last = meta.Item?.lastHistory as HistoryEntry | undefined;
    if (last && !entries.has(historyKey(last))) entries.set(historyKey(last), last);
    return [...entries.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, entry]) => entry);
  }

  async byStatus(status: SurgeStatus): Promise<Surge[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `STATUS#${status}` },
      }),
    );
    return (result.Items ?? []).map(
      ({ pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, lastHistory: _h, ...surge }) => surge as Surge,
    );
  }

  async atPort(port: string): Promise<string[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byPort',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `PORT#${port}` },
      }),
    );
    return (result.Items ?? []).map((item) => String(item.surgeId));
  }

  /** Moves the operation from one of `from` to `to`, with the fields given, and writes the history entry. */
  async transition(
    id: string,
    from: readonly SurgeStatus[],
    to: SurgeStatus,
    set: Partial<Surge>,
    entry: { by: string; detail?: string; at: string },
  ): Promise<void> {
    const history: HistoryEntry = {
      at: entry.at,
      status: to,
      by: entry.by,
      ...(entry.detail ? { detail: entry.detail } : {}),
    };
    const update = updateOf({
      ...set,
      status: to,
      updatedAt: entry.at,
      gsi1pk: `STATUS#${to}`,
      lastHistory: history,
    });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: 'META' },
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#status': 'status' },
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError(`operation ${id} is no longer ${from.join(' or ')}`);
      throw error;
    }
    await this.history(id, history);
  }

  async assign(surge: Pick<Surge, 'surgeId' | 'start' | 'end'>, ports: readonly string[]): Promise<void> {
    if (ports.length === 0) return;
    for (let i = 0; i < ports.length; i += 25) {
      await this.db.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.table]: ports.slice(i, i + 25).map((port) => ({
              PutRequest: {
                Item: {
                  pk: pk(surge.surgeId),
                  sk: `PORT#${port}`,
                  gsi2pk: `PORT#${port}`,
                  gsi2sk: `${surge.start}#${surge.surgeId}`,
                  surgeId: surge.surgeId,
                  port,
                  start: surge.start,
                  end: surge.end,
                },
              },
            })),
          },
        }),
      );
    }
  }

  private async history(id: string, entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: pk(id), sk: historyKey(entry), ...entry },
      }),
    );
  }
}
