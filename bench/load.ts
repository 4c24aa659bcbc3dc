// `npm run load`, against a running `npm start`: 50 API clients for 30 s over the read routes while 20 uploads are
// taken in at once; every answer and every receipt is checked. Writes bench/load-results.json.
import { writeFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Command } from 'commander';
import { outboundHome, readEndpoints } from '../cli/context.js';
import { inspection, jsonl } from '../fixtures/records.js';
import { receiptKeyOfObject } from '../functions/shared/storage-keys.js';
import { localSecret, mintToken } from '../local/auth.js';
import { outsideS3, readJson } from '../local/outside-clients.js';

const program = new Command('load')
  .option('--clients <n>', 'concurrent API clients', '50')
  .option('--seconds <n>', 'how long the clients run', '30')
  .option('--uploads <n>', 'uploads sent at once', '20')
  .option('--records <n>', 'records per upload', '1000')
  .parse();
const options = program.opts<{ clients: string; seconds: string; uploads: string; records: string }>();

const e = readEndpoints();
const home = outboundHome();
const secret = localSecret(home);
const round = (n: number) => Math.round(n * 10) / 10;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

const health = await fetch(`${e.api}/health`).catch(() => undefined);
if (!health?.ok) {
  console.error(`the local API at ${e.api} does not answer: start the local cloud first with \`npm start\``);
  process.exit(2);
}

const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 27 * 86_400_000).toISOString().slice(0, 10);
const tokens = {
  hq: await mintToken(secret, { role: 'hq', subject: 'load-hq' }),
  supervisor: await mintToken(secret, { role: 'supervisor', port: '2304', subject: 'load-supervisor' }),
  officer: await mintToken(secret, { role: 'officer', port: '2304', subject: 'load-officer' }),
  investigator: await mintToken(secret, { role: 'investigator', agency: 'HSI', subject: 'load-investigator' }),
};
const requests: Array<{ name: string; path: string; token: string }> = [
  { name: 'metrics (port, 28 days)', path: `/metrics?port=2304&from=${from}&to=${today}`, token: tokens.supervisor },
  { name: 'metrics (national, weeks)', path: `/metrics?from=${from}&to=${today}&granularity=week`, token: tokens.hq },
  { name: 'compliance', path: '/compliance', token: tokens.hq },
  { name: 'referrals (port)', path: '/referrals?port=2304', token: tokens.supervisor },
  { name: 'referrals (agency)', path: '/referrals?status=ROUTED', token: tokens.investigator },
  { name: 'ports', path: '/ports', token: tokens.officer },
  { name: 'surges', path: '/surges', token: tokens.hq },
];

const s3 = outsideS3(e);
const run = Date.now().toString(36);
const uploadCount = Number(options.uploads);
const perUpload = Number(options.records);
const keys = Array.from({ length: uploadCount }, (_, i) => `incoming/inspections/2304/HH-LOAD/load-${run}-${i}.jsonl`);

async function uploads() {
  const started = Date.now();
  await Promise.all(
    keys.map((key, u) =>
      s3.send(
        new PutObjectCommand({
          Bucket: e.uploadsBucket,
          Key: key,
          Body: jsonl(
            Array.from({ length: perUpload }, (_, i) =>
              inspection({ recordId: `load-${run}-${u}-${i}`, startedAt: `${today}T08:00:00-06:00` }),
            ),
          ),
        }),
      ),
    ),
  );
  const receipts = new Map<string, { status: string; accepted: number; received: number }>();
  const deadline = Date.now() + 600_000;
  while (receipts.size < keys.length && Date.now() < deadline) {
    for (const key of keys.filter((k) => !receipts.has(k))) {
      const receipt = await readJson<{ status: string; accepted: number; received: number }>(
        s3,
        e.uploadsBucket,
        receiptKeyOfObject(key),
      );
      if (receipt) receipts.set(key, receipt);
    }
    if (receipts.size < keys.length) await new Promise((r) => setTimeout(r, 500));
  }
  const accepted = [...receipts.values()].reduce((sum, r) => sum + r.accepted, 0);
  return {
    uploads: keys.length,
    recordsPerUpload: perUpload,
    receipts: receipts.size,
    lostReceipts: keys.length - receipts.size,
    accepted,
    expectedAccepted: keys.length * perUpload,
    secondsToLastReceipt: round((Date.now() - started) / 1000),
  };
}

async function clients() {
  const latencies = new Map<string, number[]>(requests.map((r) => [r.name, []]));
  const failures: Array<{ name: string; status: number | string }> = [];
  const until = Date.now() + Number(options.seconds) * 1000;
  await Promise.all(
    Array.from({ length: Number(options.clients) }, async (_, c) => {
      for (let n = c; Date.now() < until; n++) {
        const request = requests[n % requests.length] as (typeof requests)[number];
        const t = performance.now();
        try {
          const response = await fetch(`${e.api}${request.path}`, {
            headers: { authorization: `Bearer ${request.token}` },
          });
          await response.arrayBuffer();
          if (!response.ok) failures.push({ name: request.name, status: response.status });
        } catch (error) {
          failures.push({ name: request.name, status: String(error) });
        }
        latencies.get(request.name)?.push(performance.now() - t);
      }
    }),
  );
  const all = [...latencies.values()].flat();
  return {
    clients: Number(options.clients),
    seconds: Number(options.seconds),
    requests: all.length,
    requestsPerSecond: round(all.length / Number(options.seconds)),
    errors: failures.length,
    firstErrors: failures.slice(0, 5),
    p50Ms: round(percentile(all, 50)),
    p99Ms: round(percentile(all, 99)),
    byRoute: Object.fromEntries(
      [...latencies.entries()].map(([name, xs]) => [
        name,
        { requests: xs.length, p50Ms: round(percentile(xs, 50)), p99Ms: round(percentile(xs, 99)) },
      ]),
    ),
  };
}

const [api, ingest] = await Promise.all([clients(), uploads()]);
const report = {
  at: new Date().toISOString(),
  api,
  ingest,
  ok: api.errors === 0 && ingest.lostReceipts === 0 && ingest.accepted === ingest.expectedAccepted,
};
console.log(JSON.stringify(report, null, 2));
writeFileSync(new URL('./load-results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
s3.destroy();
process.exitCode = report.ok ? 0 : 1;
