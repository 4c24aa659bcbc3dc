// A chaos run on the local cloud: field uploads under injected SDK faults, killed invocations, duplicated, delayed
// and reordered upload events and a Step Functions endpoint restarted mid-run; then every promise is checked —
// nothing lost, nothing doubled, receipts balanced, one referral per seizure finding, metrics equal to a recount.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../functions/adapters/dynamo-query.js';
import { addDays } from '../functions/domain/metrics.js';
import { seededRandom } from '../functions/domain/random.js';
import { executionNameOf } from '../functions/domain/referrals.js';
import type { Receipt } from '../functions/domain/uploads/receipt.js';
import { localSecret, mintToken } from './auth.js';
import { FREE_PORTS, type LocalCloud, startLocalCloud } from './cloud.js';
import { type FaultKind, sdkFaults } from './faults.js';
import { outsideDocuments, outsideS3, readJson } from './outside-clients.js';
import type { DeadLetter } from './queue.js';

export interface ChaosOptions {
  home: string;
  /** Valid inspection records uploaded, in batches of `batchSize`. */
  records: number;
  batchSize: number;
  /** Chance of a fault on each SDK request attempt. */
  faultRate: number;
  seed: number;
  /** Restart the Step Functions endpoint this many times while uploads are under way. */
  stepFunctionsRestarts: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  faultRate: number;
  seconds: number;
  uploads: { objects: number; reuploads: number; validRecords: number; invalidLines: number };
  faults: { injected: number; byService: Record<string, Record<FaultKind, number>>; invocationsKilled: number };
  events: { sent: number; duplicated: number; delayed: number; received: number };
  deadLettered: { count: number; reasons: string[]; redriven: number };
  records: { accepted: number; stored: number; lost: number; doubled: number };
  receipts: { expected: number; found: number; balanced: number; missing: string[]; unbalanced: string[] };
  referrals: {
    expected: number;
    created: number;
    missing: number;
    openedTwice: number;
    executions: number;
    extraExecutions: number;
    failed: number;
  };
  stepFunctions: { restarts: number; resumed: number };
  metrics: { days: number; mismatches: Array<{ day: string; metrics: number; recount: number }> };
  ok: boolean;
}

const PORTS = [
  { code: '2304', offset: '-06:00' },
  { code: '2305', offset: '-06:00' },
  { code: '2402', offset: '-06:00' },
  { code: '2403', offset: '-06:00' },
  { code: '2404', offset: '-06:00' },
  { code: '2309', offset: '-06:00' },
];

interface Upload {
  key: string;
  body: string;
  recordIds: string[];
  referralIds: string[];
  invalid: number;
}

function plan(options: ChaosOptions, random: () => number, today: string): Upload[] {
  const uploads: Upload[] = [];
  let n = 0;
  for (let b = 0; n < options.records; b++) {
    const port = PORTS[b % PORTS.length] as (typeof PORTS)[number];
    const lines: string[] = [];
    const recordIds: string[] = [];
    const referralIds: string[] = [];
    for (let i = 0; i < options.batchSize && n < options.records; i++, n++) {
      const recordId = `chaos-${options.seed}-${n}`;
      const seized = random() < 0.01;
      const day = addDays(today, -1 - Math.floor(random() * 10));
      const hour = String(6 + Math.floor(random() * 12)).padStart(2, '0');
      lines.push(
        JSON.stringify({
          recordId,
          portCode: port.code,
          deviceId: `HH-${port.code}-CH`,
          officerId: `OFF-${1 + Math.floor(random() * 20)}`,
          startedAt: `${day}T${hour}:00:00${port.offset}`,
          mode: random() < 0.5 ? 'personal_vehicle' : 'pedestrian',
          techniques: ['interview'],
          travelers: 1 + Math.floor(random() * 3),
          findings: seized ? [{ type: 'firearm', count: 1 }] : [],
          disposition: seized ? 'seized' : 'cleared',
          staffMinutes: 5 + Math.floor(random() * 20),
          capturedOffline: random() < 0.3,
        }),
      );
      recordIds.push(recordId);
      if (seized) referralIds.push(`${port.code}-${recordId}-0`);
    }
    const invalid = random() < 0.3 ? 1 : 0;
    if (invalid) lines.splice(Math.floor(random() * lines.length), 0, '{"recordId":"broken","portCode":');
    uploads.push({
      key: `incoming/inspections/${port.code}/HH-${port.code}-CH/chaos-${options.seed}-${b}.jsonl`,
      body: `${lines.join('\n')}\n`,
      recordIds,
      referralIds,
      invalid,
    });
  }
  return uploads;
}

async function pool<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`chaos: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const random = seededRandom(options.seed);
  const today = new Date().toISOString().slice(0, 10);
  const events = { sent: 0, duplicated: 0, delayed: 0 };
  const cloud: LocalCloud = await startLocalCloud({
    home: options.home,
    ports: FREE_PORTS,
    schedules: false,
    ingestVisibilityTimeoutMs: 3000,
    eventDelivery: () => {
      const copies = random() < 0.2 ? 2 : 1;
      if (copies === 2) events.duplicated++;
      events.sent += copies;
      return Array.from({ length: copies }, () => {
        const delayed = random() < 0.3;
        if (delayed) events.delayed++;
        return delayed ? Math.floor(random() * 3000) : 0;
      });
    },
  });
  const e = cloud.endpoints;
  const s3 = outsideS3(e);
  const db = outsideDocuments(e);
  try {
    const uploads = plan(options, random, today);
    const reuploads = uploads
      .filter(() => random() < 0.1)
      .map((u) => ({ ...u, key: u.key.replace('.jsonl', '-again.jsonl') }));
    sdkFaults.reset();
    sdkFaults.set({
      rate: options.faultRate,
      kill: { functions: ['ingest'], rate: options.faultRate / 2, maxRequests: options.batchSize * 2 },
      random,
    });

    // uploads as devices send them, many at once; meanwhile the Step Functions endpoint is restarted while
    // referral executions are running
    const all = [...uploads, ...reuploads];
    const referralArn = e.stateMachines.referral as string;
    let uploading = true;
    const restarts = (async () => {
      let resumed = 0;
      for (let r = 0; r < options.stepFunctionsRestarts; r++) {
        const running = await until(
          'running referral executions',
          async () => {
            const count = cloud.stepFunctions.listExecutions(referralArn, 'RUNNING').length;
            return count > r * 2 || (!uploading && count > 0) ? count : undefined;
          },
          120_000,
        ).catch(() => 0);
        if (running === 0) break;
        const result = await cloud.restartStepFunctions();
        resumed += result.resumed;
        log(`step functions restarted with ${running} executions running: ${result.resumed} resumed`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      return resumed;
    })();
    await pool(all, 8, async (upload) => {
      await s3.send(new PutObjectCommand({ Bucket: e.uploadsBucket, Key: upload.key, Body: upload.body }));
    });
    uploading = false;
    log(`${all.length} objects uploaded; waiting for the ingest queue`);
    await cloud.settled();
    const resumed = await restarts;

    const deadLetterFile = join(cloud.home, 'dead-letters.jsonl');
    const readLetters = (): DeadLetter[] => {
      try {
        return readFileSync(deadLetterFile, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as DeadLetter);
      } catch {
        return [];
      }
    };
    const letters = readLetters();
    const received = cloud.ingestQueue.stats.received;
    const injected = sdkFaults.injected();
    const faultsInjected = sdkFaults.total();
    const invocationsKilled = sdkFaults.kills;

    // what an operator does after the incident: faults gone, the dead letters redriven
    sdkFaults.set(undefined);
    for (const letter of letters) cloud.ingestQueue.send(letter.body);
    await cloud.settled();

    // receipts: one per upload, balanced
    const receipts = new Map<string, Receipt>();
    await pool(all, 8, async (upload) => {
      const key = upload.key.replace('incoming/', 'receipts/').replace('.jsonl', '.json');
      const receipt = await readJson<Receipt>(s3, e.uploadsBucket, key);
      if (receipt) receipts.set(upload.key, receipt);
    });
    const missing = all.filter((u) => !receipts.has(u.key)).map((u) => u.key);
    const unbalanced = [...receipts.entries()]
      .filter(([, r]) => r.received !== r.accepted + r.duplicates + r.conflicts + r.rejected)
      .map(([key]) => key);

    // records: every valid one stored once; counted as accepted by exactly one receipt
    const stored = new Map<string, string>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({
          TableName: e.tables.records,
          ProjectionExpression: 'pk, #day, sk',
          ExpressionAttributeNames: { '#day': 'day' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? [])
        if (item.sk === 'RECORD') stored.set(String(item.pk).replace(/^inspections#\d{4}#/, ''), String(item.day));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const expectedIds = new Set(uploads.flatMap((u) => u.recordIds));
    const lost = [...expectedIds].filter((id) => !stored.has(id)).length;
    const accepted = [...receipts.values()].reduce((sum, r) => sum + r.accepted, 0);
    const doubled =
      Math.max(0, accepted - stored.size) + [...stored.keys()].filter((id) => !expectedIds.has(id)).length;

    // referrals: one per seizure finding, opened once, one execution each, none failed
    const expectedReferrals = uploads.flatMap((u) => u.referralIds);
    const referralStats = { created: 0, missing: 0, openedTwice: 0, executions: 0, extraExecutions: 0, failed: 0 };
    const waiting = async (id: string) => {
      const items = await queryAll(db, {
        TableName: e.tables.referrals as string,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `REFERRAL#${id}` },
        ConsistentRead: true,
      });
      const meta = items.find((item) => item.sk === 'META');
      return meta && (meta.waitingFor === 'decision' || meta.status === 'FAILED') ? items : undefined;
    };
    for (const id of expectedReferrals) {
      const items = await until(`referral ${id}`, () => waiting(id), 60_000).catch(() => undefined);
      if (!items) {
        referralStats.missing++;
        continue;
      }
      referralStats.created++;
      const meta = items.find((item) => item.sk === 'META');
      if (meta?.status === 'FAILED') referralStats.failed++;
      const opened = items.filter(
        (item) => String(item.sk).startsWith('AUDIT#') && item.fromStatus === null && item.toStatus !== undefined,
      ).length;
      if (opened > 1) referralStats.openedTwice++;
      const executions = cloud.stepFunctions
        .listExecutions(referralArn)
        .filter((x) => x.name === executionNameOf(id)).length;
      referralStats.executions += executions;
      referralStats.extraExecutions += Math.max(0, executions - 1);
    }

    // metrics: recomputed (under faults, retried as the schedule would), then compared with a recount
    sdkFaults.set({ rate: options.faultRate, random });
    const hq = await mintToken(localSecret(cloud.home), { role: 'hq' });
    const asHq = { headers: { authorization: `Bearer ${hq}` } };
    // started through the API, followed to its end; a failed run is started again, as the schedule would
    const runMetrics = async () => {
      const started = await fetch(`${e.api}/jobs/metrics`, { method: 'POST', ...asHq });
      if (started.status !== 202) return undefined;
      const { href } = (await started.json()) as { href: string };
      for (;;) {
        const run = (await (await fetch(`${e.api}${href}`, asHq)).json()) as { status?: string };
        if (run.status === 'done') return true;
        if (run.status !== 'queued' && run.status !== 'running') return undefined;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await until('the metrics job', runMetrics, 120_000);
    sdkFaults.set(undefined);
    const from = addDays(today, -11);
    const answer = (await (
      await fetch(`${e.api}/metrics?from=${from}&to=${today}&granularity=day`, {
        headers: { authorization: `Bearer ${hq}` },
      })
    ).json()) as { periods: Array<{ period: string; inspections: number }> };
    const recount = new Map<string, number>();
    for (const day of stored.values()) recount.set(day, (recount.get(day) ?? 0) + 1);
    const mismatches = answer.periods
      .map((p) => ({ day: p.period, metrics: p.inspections, recount: recount.get(p.period) ?? 0 }))
      .filter((m) => m.metrics !== m.recount);

    const report: ChaosReport = {
      seed: options.seed,
      faultRate: options.faultRate,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      uploads: {
        objects: all.length,
        reuploads: reuploads.length,
        validRecords: expectedIds.size,
        invalidLines: all.reduce((sum, u) => sum + u.invalid, 0),
      },
      faults: { injected: faultsInjected, byService: injected, invocationsKilled },
      events: { ...events, received },
      deadLettered: {
        count: letters.length,
        reasons: [...new Set(letters.map((l) => l.reason.slice(0, 200)))],
        redriven: letters.length,
      },
      records: { accepted, stored: stored.size, lost, doubled },
      receipts: {
        expected: all.length,
        found: receipts.size,
        balanced: receipts.size - unbalanced.length,
        missing,
        unbalanced,
      },
      referrals: { expected: expectedReferrals.length, ...referralStats },
      stepFunctions: { restarts: options.stepFunctionsRestarts, resumed },
      metrics: { days: answer.periods.length, mismatches },
      ok: false,
    };
    report.ok =
      lost === 0 &&
      doubled === 0 &&
      missing.length === 0 &&
      unbalanced.length === 0 &&
      referralStats.missing === 0 &&
      referralStats.openedTwice === 0 &&
      referralStats.extraExecutions === 0 &&
      referralStats.failed === 0 &&
      mismatches.length === 0;
    return report;
  } finally {
    sdkFaults.set(undefined);
    s3.destroy();
    db.destroy();
    await cloud.stop();
  }
}
