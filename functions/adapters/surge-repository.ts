// Surge operations in the operations table: the operation, its port assignments and its status history.
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.js';
import type { HistoryEntry, Surge, SurgeStatus } from '../domain/surges.js';
import type { SurgeRepository } from '../surges/interfaces.js';
import { AuditedChanges, withoutAudit } from './audited-change.js';

const pk = (id: string) => `SURGE#${id}`;
const key = (id: string) => ({ pk: pk(id), sk: 'META' });
const historyKey = (entry: HistoryEntry) => `HISTORY#${entry.at}#${entry.status}`;
const isEntry = (entry: HistoryEntry) => (last: Record<string, unknown>) =>
  last.status === entry.status && last.by === entry.by && last.detail === entry.detail;

function strip(item: Record<string, unknown>): Surge {
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, ...surge } = withoutAudit(item);
  return surge as unknown as Surge;
}

export class DynamoSurgeRepository implements SurgeRepository {
  private readonly changes: AuditedChanges;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.changes = new AuditedChanges(db, table);
  }

  /** Stores a new operation with its first history entry (a retried create applies once). */
  async create(surge: Surge): Promise<void> {
    const entry: HistoryEntry = {
      at: surge.createdAt,
      status: surge.status,
      by: surge.createdBy,
      detail: surge.request.justification,
    };
    const outcome = await this.changes.change(
      key(surge.surgeId),
      (item) =>
        item
          ? undefined
          : {
              create: { gsi1pk: `STATUS#${surge.status}`, gsi1sk: `${surge.start}#${surge.surgeId}`, ...surge },
              audit: { sk: historyKey(entry), entry },
            },
      isEntry(entry),
    );
    if (!outcome.applied && outcome.reason !== 'repeated')
      throw new ConflictError(`operation ${surge.surgeId} already exists`);
  }

  async get(id: string): Promise<Surge | undefined> {
    const item = await this.changes.read(key(id));
    return item ? strip(item) : undefined;
  }

  /** The status history, oldest first, with a latest entry whose copy is still pending. */
  async historyOf(id: string): Promise<HistoryEntry[]> {
    return (await this.changes.trail(key(id), 'HISTORY#')) as unknown as HistoryEntry[];
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
    return (result.Items ?? []).map(strip);
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

  /**
   * Moves the operation from one of `from` to `to`, with the fields given, and writes the history entry with it.
   * A retry of a change that was already applied changes nothing.
   */
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
    const outcome = await this.changes.change(
      key(id),
      (item) => {
        if (!item || !from.includes(item.status as SurgeStatus)) return undefined;
        return {
          set: { ...set, status: to, updatedAt: entry.at, gsi1pk: `STATUS#${to}` },
          audit: { sk: historyKey(history), entry: history },
          condition: {
            expression: '#status = :from',
            names: { '#status': 'status' },
            values: { ':from': item.status },
          },
        };
      },
      isEntry(history),
    );
    if (!outcome.applied && outcome.reason !== 'repeated')
      throw new ConflictError(`operation ${id} is no longer ${from.join(' or ')}`);
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
}
