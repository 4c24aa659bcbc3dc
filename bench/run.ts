// `npm run bench [-- NAME…]`: figures measured side by side with a baseline in the same run, on in-process local servers.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCloud } from './cloud.js';
import { consoleBenchmarks } from './console.js';
import { fieldBenchmarks } from './field.js';
import { apiJobsStart, apiMetrics } from './groups/api.js';
import { costPerMillion } from './groups/cost.js';
import { ingestCpu } from './groups/ingest-cpu.js';
import { ingestEndToEnd } from './groups/ingest-e2e.js';
import { bundles, coldStarts } from './groups/init.js';
import { metricsBenchmarks } from './groups/metrics.js';
import { referralWorkflow } from './groups/workflow.js';
import { type Entry, isFailure, mergeResults, results, round, runGroup } from './results.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main() {
  const started = performance.now();
  const only = process.argv.slice(2);
  const wanted = (name: string) => only.length === 0 || only.some((o) => name.startsWith(o) || o.startsWith(name));
  // inside the project, so the externals (the runtime's AWS SDK in Lambda) resolve to node_modules here
  const dir = join(root, 'node_modules', '.cache', 'outbound-bench');
  mkdirSync(dir, { recursive: true });
  const completed: string[] = [];
  const group = async (name: string, run: () => unknown) => {
    if (await runGroup(name, run)) completed.push(name);
  };
  if (wanted('bundle') || wanted('init'))
    await group('bundle', async () => {
      const files = await bundles(dir);
      if (wanted('init')) await group('init', () => coldStarts(files));
    });
  if (wanted('ingest.cpu')) await group('ingest.cpu', ingestCpu);
  let secondsPerRecord: number | undefined;
  // one local cloud per process: the functions build their SDK clients once, against the first endpoints
  if (['ingest.e2e', 'ingest.writes', 'api', 'cost', 'workflow', 'metrics'].some(wanted)) {
    await group('local-cloud', () =>
      withCloud(async (cloud) => {
        if (wanted('ingest.e2e') || wanted('ingest.writes') || wanted('cost'))
          await group('ingest.e2e', async () => {
            secondsPerRecord = (await ingestEndToEnd(cloud)).secondsPerRecord;
          });
        if (wanted('api.metrics')) await group('api.metrics', () => apiMetrics(cloud));
        if (wanted('api.jobs-start')) await group('api.jobs-start', () => apiJobsStart(cloud));
        if (wanted('workflow')) await group('workflow', () => referralWorkflow(cloud));
        if (wanted('metrics')) await group('metrics', () => metricsBenchmarks(cloud));
      }),
    );
  }
  const perRecord = secondsPerRecord;
  if (perRecord !== undefined && wanted('cost')) await group('cost', () => costPerMillion(perRecord));
  // the field app in Chromium, against a local cloud of its own (a child process, as npm start runs it)
  if (wanted('field')) await group('field', async () => Object.assign(results, await fieldBenchmarks()));
  // the console in Chromium against a local cloud of its own, filled by `outbound demo`
  if (wanted('console')) await group('console', async () => Object.assign(results, await consoleBenchmarks()));
  rmSync(dir, { recursive: true, force: true });
  for (const [name, r] of Object.entries(results)) {
    if (isFailure(r)) {
      console.log(`FAIL ${name.padEnd(22)} ${r.error}`);
      continue;
    }
    const vs = r.baseline !== undefined ? ` vs ${r.baseline} (ratio ${r.ratio})` : '';
    console.log(
      `${r.ok ? 'ok  ' : 'MISS'} ${name.padEnd(22)} ${String(r.value).padStart(10)} ${r.unit}${vs}   budget: ${r.budget}`,
    );
  }
  console.log(`(${round((performance.now() - started) / 60_000, 1)} minutes)`);
  // a run of some benchmarks replaces their figures and keeps the others'
  const file = join(root, 'bench/results.json');
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>) : {};
  writeFileSync(file, `${JSON.stringify(mergeResults(earlier, results, completed), null, 2)}\n`);
  // a budget missed is a figure to read; a group that threw is a failed run
  process.exit(Object.values(results).some(isFailure) ? 1 : 0);
}

await main();
