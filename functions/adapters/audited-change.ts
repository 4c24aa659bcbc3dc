// One way to change an item with its audit entry (referrals, surge operations, the policy). The entry is written into
// the item in the same conditional write as the change (`lastAudit`, `auditPending`), then copied to its own item
// under the same partition. A reader lists a still-pending entry with the others, and the next change (or a retry)
// settles it first, so no change is ever seen without its entry, even when the copy fails midway; a retried change
// that was already applied is recognised by its entry and applies once.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { updateOf } from './dynamo-expressions.js';
import { queryAll } from './dynamo-query.js';

type Item = Record<string, unknown>;

export interface AuditRecord<Entry extends object = object> {
  /** The sort key of the entry's own item. */
  sk: string;
  entry: Entry;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

/** A change planned from the item as it stands: new fields (or a whole new item), its entry, and its condition. */
export type PlannedChange =
  | {
      create: Item;
      audit: AuditRecord;
    }
  | {
      set: Item;
      audit: AuditRecord;
      /** The condition the item must still meet when written (what the plan was made from). */
      condition: { expression: string; names?: Record<string, string>; values?: Item };
    };

export type ChangeOutcome =
  | { applied: true; before: Item | undefined }
  | { applied: false; reason: 'repeated' | 'conflict' | 'missing'; item: Item | undefined };

/** The attributes the helper keeps on a changed item: readers leave them out of what they return. */
export function withoutAudit(item: Item): Item {
  const { lastAudit: _l, auditPending: _p, ...rest } = item;
  return rest;
}

export class AuditedChanges {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async read(key: ItemKey): Promise<Item | undefined> {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }))).Item;
  }

  /**
   * Plans the change from the item as it stands (`undefined` from the plan: the item is not in a state the change
   * applies to), writes it with its entry, and copies the entry. A plan refused, or a write whose condition failed,
   * is `repeated` when the item's last entry is this very change (`isRepeat`), else `conflict`.
   */
  async change(
    key: ItemKey,
    plan: (item: Item | undefined) => PlannedChange | undefined,
    isRepeat: (last: Item) => boolean,
  ): Promise<ChangeOutcome> {
    const before = await this.read(key);
    if (before) await this.settle(key, before);
    const planned = plan(before);
    const refused = async (item: Item | undefined): Promise<ChangeOutcome> => {
      const last = (item?.lastAudit as AuditRecord<Item> | undefined)?.entry;
      if (!item) return { applied: false, reason: 'missing', item };
      return { applied: false, reason: last && isRepeat(last) ? 'repeated' : 'conflict', item };
    };
    if (!planned) return refused(before);
    const audit = { lastAudit: planned.audit, auditPending: true };
    try {
      if ('create' in planned) {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...planned.create, ...key, ...audit },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } else {
        const update = updateOf({ ...planned.set, ...audit });
        const { names = {}, values } = planned.condition;
        const allValues = { ...update.ExpressionAttributeValues, ...values };
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: update.UpdateExpression,
            ConditionExpression: planned.condition.expression,
            ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...names },
            ...(Object.keys(allValues).length > 0 ? { ExpressionAttributeValues: allValues } : {}),
          }),
        );
      }
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return refused(await this.read(key));
      throw error;
    }
    await this.settle(key, audit);
    return { applied: true, before };
  }

  /** Copies a pending last entry to its own item (idempotent: same key), then clears the flag. */
  async settle(key: ItemKey, item: Item): Promise<void> {
    const last = item.lastAudit as AuditRecord | undefined;
    if (!item.auditPending || !last) return;
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...last.entry, pk: key.pk, sk: last.sk } }));
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'REMOVE auditPending',
          ConditionExpression: 'lastAudit.sk = :sk',
          ExpressionAttributeValues: { ':sk': last.sk },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** The entries under `prefix` in the item's partition, oldest first, with a last entry whose copy is pending. */
  async trail(key: ItemKey, prefix: string): Promise<Item[]> {
    // one read of the whole partition: the item and its entries as they stood together
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': key.pk },
      ConsistentRead: true,
    });
    const entries = new Map<string, Item>();
    for (const { pk: _p, sk, ...entry } of items) if (String(sk).startsWith(prefix)) entries.set(String(sk), entry);
    const item = items.find((candidate) => candidate.sk === key.sk);
    const last = item?.lastAudit as AuditRecord<Item> | undefined;
    if (item?.auditPending && last && !entries.has(last.sk)) entries.set(last.sk, last.entry);
    return [...entries.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, entry]) => entry);
  }
}
