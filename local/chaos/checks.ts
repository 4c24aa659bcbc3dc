// What a chaos run checks once the uploads are in: one balanced receipt per upload, every valid record stored once,
// one referral per seizure (opened once, one execution), and metrics equal to a recount of the stored records.
import type { S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../functions/adapters/dynamo-query.js';
import { executionNameOf } from '../../functions/domain/referrals.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import {
  AUDIT_PREFIX,
  parseRecordPk,
  RECORD_SK,
  REFERRAL_META_SK,
  receiptKeyOfObject,
  referralPk,
} from '../../functions/shared/storage-keys.js';
import type { LocalCloud } from '../cloud.js';
import { readJson } from '../outside-clients.js';
import type { ChaosUpload } from './plan.js';
import { pool, until } from './waiting.js';

export async function checkReceipts(s3: S3Client, bucket: string, uploads: readonly ChaosUpload[]) {
  const receipts = new Map<string, Receipt>();
  await pool(uploads, 8, async (upload) => {
    const receipt = await readJson<Receipt>(s3, bucket, receiptKeyOfObject(upload.key));
    if (receipt) receipts.set(upload.key, receipt);
  });
  const missing = uploads.filter((u) => !receipts.has(u.key)).map((u) => u.key);
  const unbalanced = [...receipts.entries()]
    .filter(([, r]) => r.received !== r.accepted + r.duplicates + r.conflicts + r.rejected)
    .map(([key]) => key);
  return { receipts, missing, unbalanced };
}

/** The stored inspection records: record id → its day. */
export async function storedRecords(db: DynamoDBDocumentClient, table: string): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'pk, #day, sk',
        ExpressionAttributeNames: { '#day': 'day' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const key = parseRecordPk(String(item.pk));
      if (item.sk === RECORD_SK && key?.kind === 'inspections') stored.set(key.recordId, String(item.day));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return stored;
}

/** Every valid record stored once, and counted as accepted by exactly one receipt. */
export function checkRecords(
  uploads: readonly ChaosUpload[],
  stored: Map<string, string>,
  receipts: Map<string, Receipt>,
) {
  const expectedIds = new Set(uploads.flatMap((u) => u.recordIds));
  const lost = [...expectedIds].filter((id) => !stored.has(id)).length;
  const accepted = [...receipts.values()].reduce((sum, r) => sum + r.accepted, 0);
  const doubled = Math.max(0, accepted - stored.size) + [...stored.keys()].filter((id) => !expectedIds.has(id)).length;
  return { expectedIds, lost, accepted, doubled };
}

export async function checkReferrals(db: DynamoDBDocumentClient, cloud: LocalCloud, expected: readonly string[]) {
  const e = cloud.endpoints;
  const stats = { created: 0, missing: 0, openedTwice: 0, executions: 0, extraExecutions: 0, failed: 0 };
  const waiting = async (id: string) => {
    const items = await queryAll(db, {
      TableName: e.tables.referrals as string,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': referralPk(id) },
      ConsistentRead: true,
    });
    const meta = items.find((item) => item.sk === REFERRAL_META_SK);
    return meta && (meta.waitingFor === 'decision' || meta.status === 'FAILED') ? items : undefined;
  };
  for (const id of expected) {
    const items = await until(`referral ${id}`, () => waiting(id), 60_000).catch(() => undefined);
    if (!items) {
      stats.missing++;
      continue;
    }
    stats.created++;
    const meta = items.find((item) => item.sk === REFERRAL_META_SK);
    if (meta?.status === 'FAILED') stats.failed++;
    const opened = items.filter(
      (item) => String(item.sk).startsWith(AUDIT_PREFIX) && item.fromStatus === null && item.toStatus !== undefined,
    ).length;
    if (opened > 1) stats.openedTwice++;
    const executions = cloud.stepFunctions
      .listExecutions(e.stateMachines.referral as string)
      .filter((x) => x.name === executionNameOf(id)).length;
    stats.executions += executions;
    stats.extraExecutions += Math.max(0, executions - 1);
  }
  return stats;
}

/** Starts the metrics job through the API and follows it to its end: true when done, undefined when it failed. */
export async function runMetricsJob(api: string, asHq: RequestInit): Promise<true | undefined> {
  const started = await fetch(`${api}/jobs/metrics`, { method: 'POST', ...asHq });
  if (started.status !== 202) return undefined;
  const { href } = (await started.json()) as { href: string };
  for (;;) {
    const run = (await (await fetch(`${api}${href}`, asHq)).json()) as { status?: string };
    if (run.status === 'done') return true;
    if (run.status !== 'queued' && run.status !== 'running') return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The API's daily inspections from `from` to `to`, against a recount of the stored records' days. */
export async function checkMetrics(
  api: string,
  asHq: RequestInit,
  stored: Map<string, string>,
  from: string,
  to: string,
) {
  const answer = (await (await fetch(`${api}/metrics?from=${from}&to=${to}&granularity=day`, asHq)).json()) as {
    periods: Array<{ period: string; inspections: number }>;
  };
  const recount = new Map<string, number>();
  for (const day of stored.values()) recount.set(day, (recount.get(day) ?? 0) + 1);
  const mismatches = answer.periods
    .map((p) => ({ day: p.period, metrics: p.inspections, recount: recount.get(p.period) ?? 0 }))
    .filter((m) => m.metrics !== m.recount);
  return { days: answer.periods.length, mismatches };
}
