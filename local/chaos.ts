// A chaos run on the local cloud: field uploads under injected SDK faults, killed invocations, duplicated, delayed
// and reordered upload events and a Step Functions endpoint restarted mid-run; then every promise is checked —
// nothing lost, nothing doubled, receipts balanced, one referral per seizure finding, metrics equal to a recount.
// Each phase is its own function under local/chaos/.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { addDays } from '../functions/domain/metrics.js';
import { seededRandom } from '../functions/domain/random.js';
import { localSecret, mintToken } from './auth.js';
import {
  checkMetrics,
  checkReceipts,
  checkRecords,
  checkReferrals,
  runMetricsJob,
  storedRecords,
} from './chaos/checks.js';
import { type EventCounts, faultyDelivery, readDeadLetters, restartStepFunctionsWhileRunning } from './chaos/faults.js';
import { planReuploads, planUploads } from './chaos/plan.js';
import { pool, until } from './chaos/waiting.js';
import { FREE_PORTS, startLocalCloud } from './cloud.js';
import { type FaultKind, sdkFaults } from './faults.js';
import { outsideDocuments, outsideS3 } from './outside-clients.js';

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

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const random = seededRandom(options.seed);
  const today = new Date().toISOString().slice(0, 10);
  const events: EventCounts = { sent: 0, duplicated: 0, delayed: 0 };
  const cloud = await startLocalCloud({
    home: options.home,
    ports: FREE_PORTS,
    schedules: false,
    ingestVisibilityTimeoutMs: 3000,
    eventDelivery: faultyDelivery(random, events),
  });
  const e = cloud.endpoints;
  const s3 = outsideS3(e);
  const db = outsideDocuments(e);
  try {
    const uploads = planUploads(options, random, today);
    const reuploads = planReuploads(uploads, random);
    sdkFaults.reset();
    sdkFaults.set({
      rate: options.faultRate,
      kill: { functions: ['ingest'], rate: options.faultRate / 2, maxRequests: options.batchSize * 2 },
      random,
    });

    // uploads as devices send them, many at once, while the Step Functions endpoint is restarted under running
    // referral executions
    const all = [...uploads, ...reuploads];
    let uploading = true;
    const restarts = restartStepFunctionsWhileRunning(cloud, options.stepFunctionsRestarts, () => uploading, log);
    await pool(all, 8, async (upload) => {
      await s3.send(new PutObjectCommand({ Bucket: e.uploadsBucket, Key: upload.key, Body: upload.body }));
    });
    uploading = false;
    log(`${all.length} objects uploaded; waiting for the ingest queue`);
    await cloud.settled();
    const resumed = await restarts;
    const letters = readDeadLetters(cloud.home);
    const received = cloud.ingestQueue.stats.received;
    const faults = { injected: sdkFaults.total(), byService: sdkFaults.injected(), invocationsKilled: sdkFaults.kills };

    // what an operator does after the incident: faults gone, the dead letters redriven
    sdkFaults.set(undefined);
    for (const letter of letters) cloud.ingestQueue.send(letter.body);
    await cloud.settled();

    const { receipts, missing, unbalanced } = await checkReceipts(s3, e.uploadsBucket, all);
    const stored = await storedRecords(db, e.tables.records as string);
    const { expectedIds, lost, accepted, doubled } = checkRecords(uploads, stored, receipts);
    const expectedReferrals = uploads.flatMap((u) => u.referralIds);
    const referrals = await checkReferrals(db, cloud, expectedReferrals);

    // metrics: recomputed under faults (a failed run started again, as the schedule would), then recounted
    sdkFaults.set({ rate: options.faultRate, random });
    const asHq = { headers: { authorization: `Bearer ${await mintToken(localSecret(cloud.home), { role: 'hq' })}` } };
    await until('the metrics job', () => runMetricsJob(e.api, asHq), 120_000);
    sdkFaults.set(undefined);
    const metrics = await checkMetrics(e.api, asHq, stored, addDays(today, -11), today);

    return {
      seed: options.seed,
      faultRate: options.faultRate,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      uploads: {
        objects: all.length,
        reuploads: reuploads.length,
        validRecords: expectedIds.size,
        invalidLines: all.reduce((sum, u) => sum + u.invalid, 0),
      },
      faults: { injected: faults.injected, byService: faults.byService, invocationsKilled: faults.invocationsKilled },
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
      referrals: { expected: expectedReferrals.length, ...referrals },
      stepFunctions: { restarts: options.stepFunctionsRestarts, resumed },
      metrics,
      ok:
        lost === 0 &&
        doubled === 0 &&
        missing.length === 0 &&
        unbalanced.length === 0 &&
        referrals.missing === 0 &&
        referrals.openedTwice === 0 &&
        referrals.extraExecutions === 0 &&
        referrals.failed === 0 &&
        metrics.mismatches.length === 0,
    };
  } finally {
    sdkFaults.set(undefined);
    s3.destroy();
    db.destroy();
    await cloud.stop();
  }
}
