// `outbound demo`: fills the running local cloud with generated activity through the real upload path, runs the
// metrics job, recounts a few figures against GET /metrics, and (with --surge) runs a short surge operation to its results.
import { SingleBar } from 'cli-progress';
import { quarterOf } from '../functions/domain/analyses/periods.js';
import type { Port } from '../functions/domain/ports.js';
import { type ApiClient, ApiError } from './api-client.js';
import { type DemoBatch, type DemoTotals, planDemo } from './demo-data.js';
import { recountCostBenefit } from './demo-recount.js';
import { runDemoSurge } from './demo-surge.js';

interface UploadStatus {
  status: string;
  receipt?: {
    accepted: number;
    duplicates: number;
    rejected: number;
    conflicts: number;
    errors?: Array<{ line: number }>;
  };
}

async function send(api: ApiClient, batch: DemoBatch, batchId: string): Promise<boolean> {
  let created: { uploadUrl: string; headers?: Record<string, string> };
  try {
    created = await api.call('POST', '/uploads', {
      kind: batch.kind,
      portCode: batch.portCode,
      deviceId: 'DEMO-LOADER',
      format: batch.format,
      batchId,
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return false;
    throw error;
  }
  // S3 answers 503 (SlowDown, ServiceUnavailable) when busy; as the SDKs do, try again a little later
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(created.uploadUrl, { method: 'PUT', body: batch.body, headers: created.headers });
    // a 412 after a 503: the first attempt was stored after all (the PUT only writes an object that is not there)
    if (response.ok || (response.status === 412 && attempt > 1)) return true;
    if (response.status !== 503 || attempt === 4) throw new Error(`upload of ${batchId} refused: ${response.status}`);
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

async function receiptOf(api: ApiClient, batchId: string, timeoutMs = 300_000): Promise<UploadStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await api.call<UploadStatus>('GET', `/uploads/${encodeURIComponent(batchId)}`);
    if (status.status === 'processed' || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

function sumOf(periods: Array<Record<string, number>>, key: keyof DemoTotals): number {
  return Math.round(periods.reduce((n, p) => n + (p[key] ?? 0), 0) * 100) / 100;
}

export async function runDemo(
  api: ApiClient,
  options: { days: number; seed: number; log: (line: string) => void; surge?: boolean },
): Promise<boolean> {
  // The plan ends the day before `today`, in each port's own offset (down to UTC-10): taken ten hours back, that last
  // day is over everywhere, so no demo record lies in the future and is refused (it was, between 00:00 and 10:00 UTC).
  const today = new Date(Date.now() - 10 * 3_600_000).toISOString().slice(0, 10);
  const { ports } = await api.call<{ ports: Port[] }>('GET', '/ports?active=true');
  const plan = planDemo(ports, { days: options.days, today, seed: options.seed });
  const records = plan.batches.reduce((n, b) => n + b.records, 0);
  options.log(
    `demo: ${plan.batches.length} batches, ${records} records for ${plan.totals.size} ports, ${plan.from} to ${plan.to}`,
  );

  const bar = new SingleBar({
    format: 'uploading [{bar}] {value}/{total} batches',
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  bar.start(plan.batches.length, 0);
  const sent: string[] = [];
  let skipped = 0;
  await pool(plan.batches, 4, async (batch) => {
    if (await send(api, batch, batch.batchId)) sent.push(batch.batchId);
    else skipped++;
    if (batch.repeat && (await send(api, batch, `${batch.batchId}-resent`))) sent.push(`${batch.batchId}-resent`);
    bar.increment();
  });
  bar.stop();
  if (skipped > 0)
    options.log(`${skipped} batches were already loaded by an earlier run with this seed today; not sent again`);

  const tally = { accepted: 0, duplicates: 0, rejected: 0, conflicts: 0 };
  // the lines a receipt refused (e.g. a time still in the future when sent) are no record to recount
  const refused = new Map<string, Set<number>>();
  const justSent = new Set(sent);
  await pool([...new Set([...sent, ...plan.batches.map((b) => b.batchId)])], 8, async (batchId) => {
    const status = await receiptOf(api, batchId);
    if (justSent.has(batchId))
      for (const key of Object.keys(tally) as (keyof typeof tally)[]) tally[key] += status.receipt?.[key] ?? 0;
    if (status.receipt?.errors?.length && !batchId.endsWith('-resent'))
      refused.set(batchId, new Set(status.receipt.errors.map((e) => e.line)));
  });
  options.log(
    `receipts: ${tally.accepted} accepted, ${tally.duplicates} duplicates (repeated uploads), ${tally.rejected} rejected, ${tally.conflicts} conflicts`,
  );

  options.log('running the metrics job over the whole period…');
  // the job looks back from today in UTC, which is a day past the plan's `today` between 00:00 and 10:00 UTC
  const lookbackDays =
    Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(plan.from)) / 86_400_000) + 1;
  await api.runJob(`/jobs/metrics?lookbackDays=${lookbackDays}`);

  const busiest = [...plan.totals.entries()].sort((a, b) => b[1].inspections - a[1].inspections)[0];
  const canada = [...plan.totals.entries()].find(
    ([code, t]) => ports.find((p) => p.code === code)?.border === 'US-Canada' && t.inspections > 0,
  );
  const checks: Array<[string, string | undefined, DemoTotals]> = [['national', undefined, plan.national]];
  if (busiest) checks.push([`port ${busiest[0]}`, busiest[0], busiest[1]]);
  if (canada) checks.push([`port ${canada[0]}`, canada[0], canada[1]]);
  let allMatch = true;
  for (const [label, port, expected] of checks) {
    const query = new URLSearchParams({
      from: plan.from,
      to: plan.to,
      granularity: 'month',
      ...(port ? { port } : {}),
    });
    const { periods } = await api.call<{ periods: Array<Record<string, number>> }>('GET', `/metrics?${query}`);
    for (const key of Object.keys(expected) as (keyof DemoTotals)[]) {
      const got = sumOf(periods, key);
      const want = Math.round(expected[key] * 100) / 100;
      const ok = got === want;
      allMatch &&= ok;
      options.log(
        `  ${ok ? 'ok' : 'MISMATCH'}  ${label.padEnd(10)} ${key.padEnd(20)} uploaded ${want}, GET /metrics ${got}${got > want ? ' (other data in this cloud?)' : ''}`,
      );
    }
  }
  allMatch = (await recountAnalyses(api, plan.batches, refused, today, options.log)) && allMatch;
  if (!options.surge) return allMatch;
  // a surge operation at the busiest southern ports, so the console's surge page has results against a baseline
  const southern = [...plan.totals.entries()]
    .sort((a, b) => b[1].inspections - a[1].inspections)
    .flatMap(([code]) => ports.filter((port) => port.code === code && port.border === 'US-Mexico'));
  const surged = await runDemoSurge(api, {
    ports: southern,
    seed: options.seed,
    upload: async (batch) => {
      await send(api, batch, batch.batchId);
      await receiptOf(api, batch.batchId);
    },
    log: options.log,
  });
  return surged && allMatch;
}

/** Runs a job through the API and waits for its result, whether the API runs it at once or starts it (202). */
async function runJobNow(api: ApiClient, path: string): Promise<unknown> {
  const started = await api.call<{ result?: unknown; jobId?: string; id?: string }>('POST', path);
  if (started.result !== undefined) return started.result;
  const id = started.jobId ?? started.id;
  const deadline = Date.now() + 600_000;
  for (;;) {
    // the local cloud draws a report's charts in the same process as its API: a poll can find it busy
    const job = await api
      .call<{ status?: string; result?: unknown; error?: unknown }>('GET', `/jobs/${id}`)
      .catch((error: unknown) => {
        if (error instanceof ApiError || Date.now() > deadline) throw error;
        return { status: 'unreachable' } as { status?: string; result?: unknown };
      });
    if (job.result !== undefined) return job.result;
    if (job.status === 'FAILED' || Date.now() > deadline) throw new Error(`job ${path} failed: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const CHECKED = [
  ['inspections', 'inspections'],
  ['inspectionDays', 'inspectionDays'],
  ['staffHours', 'staffHours'],
  ['staffCostUsd', 'staffCostUsd'],
  ['seizures', 'seizures'],
  ['currencySeizedUsd', 'currencySeizedUsd'],
  ['firearms', 'firearmQuantity'],
  ['narcoticsKg', 'narcoticQuantity'],
  ['costPerSeizureUsd', 'costPerSeizureUsd'],
  ['currencySeizedPerStaffHour', 'currencySeizedPerStaffHour'],
] as const;

/** Runs the cost-benefit analysis of the quarter so far and the infrastructure assessment of the month so far, then
 * recounts the analysis's national and busiest port's figures from the uploaded batches. */
async function recountAnalyses(
  api: ApiClient,
  batches: readonly DemoBatch[],
  refused: ReadonlyMap<string, ReadonlySet<number>>,
  today: string,
  log: (line: string) => void,
): Promise<boolean> {
  const quarter = quarterOf(today);
  log(
    `running the cost-benefit analysis of ${quarter} so far and the infrastructure assessment of ${today.slice(0, 7)}…`,
  );
  await runJobNow(api, `/jobs/cost-benefit?period=${quarter}`);
  await runJobNow(api, `/jobs/infrastructure?period=${today.slice(0, 7)}`);
  const { reports } = await api.call<{
    reports: Array<{ kind: string; period: string; html: { url: string }; csv?: { url: string } }>;
  }>('GET', '/reports?kind=cost-benefit');
  const report = reports.find((r) => r.period === quarter);
  if (!report?.csv) throw new Error(`the cost-benefit analysis of ${quarter} is not listed in GET /reports`);
  const [header, ...lines] = (await (await fetch(report.csv.url)).text()).trim().split('\r\n');
  const columns = (header ?? '').split(',');
  const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
  const current = rows.filter((r) => r.period === quarter);
  const range = { from: String(current[0]?.from), to: String(current[0]?.to) };
  const { policy } = await api.call<{ policy: { staffHourCostUsd: number } }>('GET', '/policy');
  const recount = recountCostBenefit(batches, range, policy.staffHourCostUsd, refused);
  const busiest = [...recount.entries()]
    .filter(([scope]) => scope !== 'NATIONAL')
    .sort((a, b) => b[1].inspections - a[1].inspections)[0]?.[0];
  log(`cost-benefit ${quarter} (${range.from} to ${range.to}) against a recount of the uploaded records:`);
  let allMatch = true;
  for (const scope of ['NATIONAL', ...(busiest ? [busiest] : [])]) {
    const row = current.find((r) => r.scope === scope);
    const want = recount.get(scope);
    for (const [recounted, column] of CHECKED) {
      const expected = want?.[recounted] ?? null;
      const got = row?.[column] === undefined || row[column] === '' ? null : Number(row[column]);
      const ok = got === expected;
      allMatch &&= ok;
      log(
        `  ${ok ? 'ok' : 'MISMATCH'}  ${scope.padEnd(10)} ${recounted.padEnd(27)} uploaded ${expected}, analysis ${got}${got !== null && expected !== null && got > expected ? ' (other data in this cloud?)' : ''}`,
      );
    }
  }
  log(
    `the analyses: ${reports.length} cost-benefit reports kept; read them with GET /reports (hq) or in the SES viewer`,
  );
  return allMatch;
}
