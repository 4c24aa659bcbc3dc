// api.metrics: GET /metrics under 20 clients.
import { Worker } from 'node:worker_threads';
import { localSecret, mintToken } from '../../local/auth.js';
import type { BenchCloud } from '../cloud.js';
import { percentile, results, round } from '../results.js';

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

export async function apiMetrics(cloud: BenchCloud) {
  const token = await mintToken(localSecret(cloud.home), { role: 'hq' });
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 27 * 86_400_000).toISOString().slice(0, 10);
  const url = `${cloud.endpoints.api}/metrics?port=2304&from=${from}&to=${to}&granularity=day`;
  const { latencies, errors } = await httpLoad({
    url,
    headers: { authorization: `Bearer ${token}` },
    clients: 20,
    seconds: 10,
    warmUpSeconds: 2,
  });
  const p99 = percentile(latencies, 99);
  results['api.metrics'] = {
    value: round(p99, 1),
    unit: 'ms p99',
    budget: 'p99 ≤ 150 ms, 0 errors',
    ok: p99 <= 150 && errors === 0,
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
