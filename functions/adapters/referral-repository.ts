// Referrals and their append-only audit trails in the referrals table; every status change goes through
// AuditedChanges (the change and its entry in one conditional write; a retried change applies once).
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, REFERRAL_STATUSES, type Referral, type ReferralStatus } from '../domain/referrals.js';
import {
  type AuditNote,
  type ReferralRepository,
  StaleReferralError,
  type Transition,
} from '../referrals/interfaces.js';
import { AUDIT_PREFIX, REFERRAL_META_SK as META, referralPk as pk } from '../shared/storage-keys.js';
import { AuditedChanges, type AuditRecord, withoutAudit } from './audited-change.js';
import { queryAll } from './dynamo-query.js';

const key = (id: string) => ({ pk: pk(id), sk: META });

function indexKeys(referral: Pick<Referral, 'status' | 'portCode' | 'createdAt' | 'referralId'>) {
  return {
    gsi1pk: `STATUS#${referral.status}`,
    gsi1sk: `${referral.portCode}#${referral.createdAt}#${referral.referralId}`,
    gsi2pk: `PORT#${referral.portCode}`,
    gsi2sk: `${referral.createdAt}#${referral.referralId}`,
  };
}

const auditKey = (at: string) => `${AUDIT_PREFIX}${at}#${randomUUID().slice(0, 8)}`;

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
    ...referral
  } = withoutAudit(item);
  return referral as unknown as Referral;
}

/** Whether the last audit entry records this very change (a retry of a change that was applied). */
const isRetryOf = (change: Transition) => (last: Record<string, unknown>) =>
  last.toStatus === change.to && last.action === change.audit.action && last.actor === change.audit.actor;

export class DynamoReferralRepository implements ReferralRepository {
  private readonly changes: AuditedChanges;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.changes = new AuditedChanges(db, table);
  }

  /** Creates the referral unless it exists; returns the stored one either way. */
  async create(referral: Referral, audit: AuditNote): Promise<{ referral: Referral; created: boolean }> {
    const lastAudit: AuditRecord<AuditEntry> = {
      sk: auditKey(referral.createdAt),
      entry: { ...audit, at: referral.createdAt, fromStatus: null, toStatus: referral.status },
    };
    const outcome = await this.changes.change(
      key(referral.referralId),
      (item) => (item ? undefined : { create: { ...indexKeys(referral), ...referral }, audit: lastAudit }),
      () => true,
    );
    if (outcome.applied) return { referral, created: true };
    return { referral: strip(outcome.item) as Referral, created: false };
  }

  async get(id: string): Promise<Referral | undefined> {
    return strip(await this.item(id));
  }

  private item(id: string): Promise<Record<string, unknown> | undefined> {
    return this.changes.read(key(id));
  }

  async taskToken(id: string): Promise<string | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: META }, ConsistentRead: true }),
    );
    return typeof result.Item?.taskToken === 'string' ? result.Item.taskToken : undefined;
  }

  /** The audit trail, oldest first, including a last entry whose copy is still pending. */
  async audit(id: string): Promise<AuditEntry[]> {
    return (await this.changes.trail(key(id), AUDIT_PREFIX)) as unknown as AuditEntry[];
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
    let current: Referral | undefined;
    let next: Referral | undefined;
    const outcome = await this.changes.change(
      key(id),
      (item) => {
        current = strip(item);
        if (!current || !change.from.includes(current.status)) return undefined;
        next = { ...current, ...change.set, status: change.to, updatedAt: change.at } as Referral;
        return {
          set: { ...change.set, status: change.to, updatedAt: change.at, ...indexKeys(next) },
          audit: {
            sk: auditKey(change.at),
            entry: { ...change.audit, at: change.at, fromStatus: current.status, toStatus: change.to },
          },
          condition: {
            expression: '#status = :from',
            names: { '#status': 'status' },
            values: { ':from': current.status },
          },
        };
      },
      isRetryOf(change),
    );
    if (outcome.applied) return strip({ ...next, taskToken: undefined }) as Referral;
    if (outcome.reason === 'missing') throw new StaleReferralError(`no referral ${id}`);
    if (outcome.reason === 'repeated') return strip(outcome.item) as Referral;
    throw new StaleReferralError(
      next
        ? `referral ${id} changed meanwhile`
        : `referral ${id} is ${current?.status}, not ${change.from.join(' or ')}`,
    );
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
