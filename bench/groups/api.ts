// api.metrics: GET /metrics under 20 clients; api.jobs-start: the answer to a job started on request.
import { Worker } from 'node:worker_threads';
import { localSecret, mintToken } from '../../local/auth.js';
import type { BenchCloud } from '../cloud.js';
import { percentile, type Result, results, round } from '../results.js';

/** 20 clients on a worker thread: the load they make runs beside the API's event loop, not on it. */
export function httpLoad(options: {
  url: string;
  headers: Record<string, string>;
  clients: number;
  seconds: number;
  warmUpSeconds: number;
}) {
  return new Promise<{ latencies: number[]; errors: number }>((resolve, reject) => {
    const worker = new Worker(new URL('../http-clients.mjs', import.meta.url), { workerData: options });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** The API's p99 for one GET under 20 clients for 10 s after 2 s of warm-up, against its budget (0 errors too). */
export async function p99Under20Clients(url: string, token: string, budgetMs = 150): Promise<Result> {
  const { latencies, errors } = await httpLoad({
    url,
    headers: { authorization: `Bearer ${token}` },
    clients: 20,
    seconds: 10,
    warmUpSeconds: 2,
  });
  const p99 = percentile(latencies, 99);
  return {
    value: round(p99, 1),
    unit: 'ms p99',
    budget: `p99 ≤ ${budgetMs} ms at 20 clients, 0 errors`,
    ok: p99 <= budgetMs && errors === 0,
    detail: {
      p50: round(percentile(latencies, 50), 1),
      requests: latencies.length,
      errors,
      clients: 20,
      seconds: 10,
      warmUpSeconds: 2,
    },
  };
}

export async function apiMetrics(cloud: BenchCloud) {
  const token = await mintToken(localSecret(cloud.home), { role: 'hq' });
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 27 * 86_400_000).toISOString().slice(0, 10);
  results['api.metrics'] = await p99Under20Clients(
    `${cloud.endpoints.api}/metrics?port=2304&from=${from}&to=${to}&granularity=day`,
    token,
  );
}

const JOB_STARTS = 20;
const JOB_START_WARM_UP = 2;

/**
 * api.jobs-start: `POST /jobs/metrics` answers 202 with the job id while the job runs in the jobs function. Each
 * start is timed to its answer, then followed to done (not timed) before the next, so each answer is measured with
 * its own job under way.
 */
export async function apiJobsStart(cloud: BenchCloud) {
  const token = await mintToken(localSecret(cloud.home), { role: 'hq' });
  const headers = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < JOB_START_WARM_UP + JOB_STARTS; i++) {
    const started = performance.now();
    const response = await fetch(`${cloud.endpoints.api}/jobs/metrics?lookbackDays=1`, { method: 'POST', headers });
    const elapsed = performance.now() - started;
    const run = (await response.json()) as { href: string; status: string };
    if (i >= JOB_START_WARM_UP) latencies.push(elapsed);
    statuses[`${response.status} ${run.status}`] = (statuses[`${response.status} ${run.status}`] ?? 0) + 1;
    for (let status = run.status; status === 'queued' || status === 'running'; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = ((await (await fetch(`${cloud.endpoints.api}${run.href}`, { headers })).json()) as typeof run).status;
    }
  }
  const p99 = percentile(latencies, 99);
  const accepted = statuses['202 queued'] ?? 0;
  results['api.jobs-start'] = {
    value: round(p99, 1),
    unit: 'ms p99 to the 202 of POST /jobs/metrics',
    budget: 'p99 ≤ 200 ms, every answer 202 queued',
    ok: p99 <= 200 && accepted === JOB_STARTS + JOB_START_WARM_UP,
    detail: { p50: round(percentile(latencies, 50), 1), starts: JOB_STARTS, warmUp: JOB_START_WARM_UP, statuses },
  };
}
