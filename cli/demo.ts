// `outbound demo`: fills the running local cloud with generated activity through the real upload path, runs the
// metrics job, and recounts a few figures against GET /metrics.
import { SingleBar } from 'cli-progress';
import type { Port } from '../functions/domain/ports.js';
import { type ApiClient, ApiError } from './api-client.js';
import { type DemoBatch, type DemoTotals, planDemo } from './demo-data.js';

interface UploadStatus {
  status: string;
  receipt?: { accepted: number; duplicates: number; rejected: number; conflicts: number };
}

async function send(api: ApiClient, batch: DemoBatch, batchId: string): Promise<boolean> {
  let created: { uploadUrl: string };
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
  const response = await fetch(created.uploadUrl, { method: 'PUT', body: batch.body });
  if (!response.ok) throw new Error(`upload of ${batchId} refused: ${response.status}`);
  return true;
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
  options: { days: number; seed: number; log: (line: string) => void },
): Promise<boolean> {
  const today = new Date().toISOString().slice(0, 10);
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
  await pool(sent, 8, async (batchId) => {
    const status = await receiptOf(api, batchId);
    for (const key of Object.keys(tally) as (keyof typeof tally)[]) tally[key] += status.receipt?.[key] ?? 0;
  });
  options.log(
    `receipts: ${tally.accepted} accepted, ${tally.duplicates} duplicates (repeated uploads), ${tally.rejected} rejected, ${tally.conflicts} conflicts`,
  );

  options.log('running the metrics job over the whole period…');
  await api.runJob(`/jobs/metrics?lookbackDays=${options.days + 1}`);

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
  return allMatch;
}
