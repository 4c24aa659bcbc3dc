// Referrals and their append-only audit trails in the referrals table.
// Each status change writes its audit entry into the referral item in the same conditional update (`lastAudit`,
// `auditPending`); the entry is then copied to its own AUDIT# item. A reader or a retry that finds it still pending
// sees it or settles it, so no status change is ever without its audit entry, even when the copy fails midway.
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, REFERRAL_STATUSES, type Referral, type ReferralStatus } from '../domain/referrals.js';
import { updateOf } from './dynamo-expressions.js';
import { queryAll } from './dynamo-query.js';

const META = 'META';
const pk = (id: string) => `REFERRAL#${id}`;

function indexKeys(referral: Pick<Referral, 'status' | 'portCode' | 'createdAt' | 'referralId'>) {
  return {
    gsi1pk: `STATUS#${referral.status}`,
    gsi1sk: `${referral.portCode}#${referral.createdAt}#${referral.referralId}`,
    gsi2pk: `PORT#${referral.portCode}`,
    gsi2sk: `${referral.createdAt}#${referral.referralId}`,
  };
}

interface StoredAudit {
  sk: string;
  entry: AuditEntry;
}

type AuditNote = Omit<AuditEntry, 'fromStatus' | 'toStatus' | 'at'>;

const auditKey = (at: string) => `AUDIT#${at}#${randomUUID().slice(0, 8)}`;

function strip(item: Record<string, unknown> | undefined): Referral | undefined {
  if (!item) return undefined;
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    taskToken: _t,
    lastAudit: _l,
    auditPending: _p,
    ...referral
  } = item;
  return referral as unknown as Referral;
}

/** Whether the stored last audit entry records this very change (a retry of a change that was applied). */
function alreadyApplied(item: Record<string, unknown>, change: Transition): boolean {
  const last = (item.lastAudit as StoredAudit | undefined)?.entry;
  return last?.toStatus === change.to && last.action === change.audit.action && last.actor === change.audit.actor;
}

export interface Transition {
  /** The statuses the referral must be in for the change to apply. */
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  set?: Partial<Referral> & { taskToken?: string | null };
  audit: AuditNote;
  at: string;
}

export class StaleReferralError extends Error {
  override readonly name = 'StaleReferralError';
}

export class ReferralRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Creates the referral unless it exists; returns the stored one either way. */
  async create(referral: Referral, audit: AuditNote): Promise<{ referral: Referral; created: boolean }> {
    const lastAudit: StoredAudit = {
      sk: auditKey(referral.createdAt),
      entry: { ...audit, at: referral.createdAt, fromStatus: null, toStatus: referral.status },
    };
    const item = { pk: pk(referral.referralId), sk: META, ...indexKeys(referral), ...referral, lastAudit };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...item, auditPending: true },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.item(referral.referralId);
      if (!existing) throw error;
      await this.settle(referral.referralId, existing);
      return { referral: strip(existing) as Referral, created: false };
    }
    await this.settle(referral.referralId, { lastAudit, auditPending: true });
    return { referral, created: true };
  }

  async get(id: string): Promise<Referral | undefined> {
    return strip(await this.item(id));
  }

  private async item(id: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: META }, ConsistentRead: true }),
    );
    return result.Item;
  }

  async taskToken(id: string): Promise<string | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: META }, ConsistentRead: true }),
    );
    return typeof result.Item?.taskToken === 'string' ? result.Item.taskToken : undefined;
  }

  /** The audit trail, oldest first, including a last entry whose copy is still pending. */
  async audit(id: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk(id) },
      ConsistentRead: true,
    });
    const entries = new Map<string, AuditEntry>();
    for (const { pk: _p, sk, ...entry } of items)
      if (typeof sk === 'string' && sk.startsWith('AUDIT#')) entries.set(sk, entry as unknown as AuditEntry);
    const meta = items.find((item) => item.sk === META);
    const last = meta?.lastAudit as StoredAudit | undefined;
    if (meta?.auditPending && last && !entries.has(last.sk)) entries.set(last.sk, last.entry);
    return [...entries.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, entry]) => entry);
  }

  async list(filter: { status?: ReferralStatus; port?: string }, limit = 200): Promise<Referral[]> {
    const query = filter.status
      ? new QueryCommand({
          TableName: this.table,
          IndexName: 'byStatus',
          KeyConditionExpression: filter.port ? 'gsi1pk = :pk AND begins_with(gsi1sk, :port)' : 'gsi1pk = :pk',
          ExpressionAttributeValues: {
            ':pk': `STATUS#${filter.status}`,
            ...(filter.port ? { ':port': `${filter.port}#` } : {}),
          },
          Limit: limit,
        })
      : filter.port
        ? new QueryCommand({
            TableName: this.table,
            IndexName: 'byPort',
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': `PORT#${filter.port}` },
            ScanIndexForward: false,
            Limit: limit,
          })
        : undefined;
    if (!query) {
      const all = await Promise.all(REFERRAL_STATUSES.map((status) => this.list({ status }, limit)));
      return all
        .flat()
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, limit);
    }
    const result = await this.db.send(query);
    return (result.Items ?? []).map((item) => strip(item) as Referral);
  }

  /** Referrals opened between two days (inclusive), at one port or everywhere. */
  async openedBetween(port: string | undefined, from: string, to: string): Promise<Referral[]> {
    if (!port) {
      const all = await Promise.all(
        REFERRAL_STATUSES.map((status) =>
          this.queryReferrals({
            IndexName: 'byStatus',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': `STATUS#${status}` },
          }),
        ),
      );
      return all.flat().filter((r) => r.createdAt.slice(0, 10) >= from && r.createdAt.slice(0, 10) <= to);
    }
    return this.queryReferrals({
      IndexName: 'byPort',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `PORT#${port}`, ':from': from, ':to': `${to}~` },
    });
  }

  private async queryReferrals(input: Omit<QueryCommand['input'], 'TableName'>): Promise<Referral[]> {
    return (await queryAll(this.db, { ...input, TableName: this.table })).map((item) => strip(item) as Referral);
  }

  /**
   * Applies a status change if the referral is in one of the expected statuses, with its audit entry.
   * A retry of a change that was already applied returns the referral as it stands.
   */
  async transition(id: string, change: Transition): Promise<Referral> {
    const item = await this.item(id);
    if (!item) throw new StaleReferralError(`no referral ${id}`);
    await this.settle(id, item);
    const current = strip(item) as Referral;
    if (!change.from.includes(current.status)) {
      if (alreadyApplied(item, change)) return current;
      throw new StaleReferralError(`referral ${id} is ${current.status}, not ${change.from.join(' or ')}`);
    }
    const next = { ...current, ...change.set, status: change.to, updatedAt: change.at };
    const lastAudit: StoredAudit = {
      sk: auditKey(change.at),
      entry: { ...change.audit, at: change.at, fromStatus: current.status, toStatus: change.to },
    };
    const update = updateOf({
      ...change.set,
      status: change.to,
      updatedAt: change.at,
      ...indexKeys(next),
      lastAudit,
      auditPending: true,
    });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: META },
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#status': 'status' },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':from': current.status },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new StaleReferralError(`referral ${id} changed meanwhile`);
      throw error;
    }
    await this.settle(id, { lastAudit, auditPending: true });
    return strip({ ...next, taskToken: undefined }) as Referral;
  }

  /** Copies a pending last audit entry to its own item (idempotent: same key), then clears the flag. */
  private async settle(id: string, item: Record<string, unknown>): Promise<void> {
    const last = item.lastAudit as StoredAudit | undefined;
    if (!item.auditPending || !last) return;
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: pk(id), sk: last.sk, ...last.entry } }));
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: META },
          UpdateExpression: 'REMOVE auditPending',
          ConditionExpression: 'lastAudit.sk = :sk',
          ExpressionAttributeValues: { ':sk': last.sk },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Takes the waiting task token for an answer: only one caller gets it, and only while the referral waits for `what`. */
  async claimToken(id: string, what: 'decision' | 'agency'): Promise<string | undefined> {
    const token = await this.taskToken(id);
    if (!token) return undefined;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: META },
          UpdateExpression: 'REMOVE taskToken',
          ConditionExpression: 'taskToken = :token AND waitingFor = :what',
          ExpressionAttributeValues: { ':token': token, ':what': what },
        }),
      );
      return token;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Gives a token back after SendTask* refused it, unless the workflow has already set a newer one. */
  async restoreToken(id: string, token: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: META },
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: 'attribute_not_exists(taskToken)',
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
