// bundle.* and init.*: each function's bundle as the CDK app builds it, and what loading it costs above the SDK.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { LAMBDA_FUNCTIONS } from '../../functions/shared/lambda-functions.js';
import {
  BUNDLE_OPTIONS,
  RUNTIME_MODULES,
  SDK_FIRST,
  SEPARATE_MODULES,
  startFileSource,
} from '../../infra/function-bundles.js';
import {
  median,
  pairInAlternatingOrder,
  pairsUntilSettled,
  percentile,
  results,
  round,
  type Settling,
} from '../results.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The CDK app's bundling (infra/function-bundles.ts). */
const BUILD: BuildOptions = {
  ...BUNDLE_OPTIONS,
  mainFields: [...BUNDLE_OPTIONS.mainFields],
  bundle: true,
  platform: 'node',
  metafile: true,
  logLevel: 'silent',
};
const kbOf = (file: string) => round(Number(execFileSync('stat', ['-c', '%s', file]).toString()) / 1024, 1);
interface Bundle {
  /** The start file the runtime loads: the function's SDK packages, then its bundle. */
  start: string;
  bundle: string;
  /** The runtime's packages the start file and the bundle require as they load, in order (those loaded on first use are not). */
  sdk: string[];
}

export async function bundles(dir: string): Promise<Record<string, Bundle>> {
  const files: Record<string, Bundle> = {};
  let total = 0;
  for (const { name, entry } of LAMBDA_FUNCTIONS) {
    const out = join(dir, `${name}.cjs`);
    const separate = SEPARATE_MODULES[name];
    const { metafile } = await build({
      ...BUILD,
      entryPoints: [join(root, entry)],
      outfile: out,
      external: [...RUNTIME_MODULES, ...Object.keys(separate)],
    });
    const runtimeImports = Object.values(metafile?.outputs ?? {})
      .flatMap((o) => o.imports)
      .filter((i) => i.external && i.path.startsWith('@aws-sdk/'));
    // each module loaded on first use is a file of its own beside the bundle, under the name it is imported by
    const onFirstUse: Record<string, number> = {};
    for (const [specifier, module] of Object.entries(separate)) {
      const file = join(dir, specifier);
      await build({ ...BUILD, entryPoints: [join(root, module)], outfile: file, external: [...RUNTIME_MODULES] });
      onFirstUse[basename(file)] = kbOf(file);
      total += kbOf(file);
    }
    const kb = kbOf(out);
    total += kb;
    const start = join(dir, `${name}.start.cjs`);
    writeFileSync(start, startFileSource(name, `./${basename(out)}`));
    const sdk = runtimePackagesRequiredAtLoad(start, out);
    const sdkOnFirstUse = [...new Set(runtimeImports.map((i) => i.path))].filter((path) => !sdk.includes(path));
    results[`bundle.${name}`] = {
      value: kb,
      unit: 'KB',
      budget: '≤ 350 KB',
      ok: kb <= 350,
      detail: {
        sdkPackagesAtLoad: sdk,
        ...(sdk.join() === SDK_FIRST[name].join() ? {} : { notAsTheStartFileLists: SDK_FIRST[name] }),
        ...(sdkOnFirstUse.length > 0 ? { sdkPackagesOnFirstUse: sdkOnFirstUse } : {}),
        ...(Object.keys(onFirstUse).length > 0 ? { filesLoadedOnFirstUseKB: onFirstUse } : {}),
      },
    };
    files[name] = { start, bundle: out, sdk };
  }
  results['bundle.total'] = { value: round(total, 1), unit: 'KB', budget: 'report', ok: true };
  return files;
}

/**
 * The runtime's packages the start file and the bundle require while they load, in the order first required, seen in
 * a fresh process: exactly what the SDK-only side loads, in the same order (the order alone moved the SDK's own load
 * by ~20 ms for the API's seven packages). (The bundle's import list cannot tell: a `require` inside a module loaded
 * on first use, or inside a function, is listed all the same.)
 */
function runtimePackagesRequiredAtLoad(start: string, bundle: string): string[] {
  const ours = JSON.stringify([start, bundle]);
  const script = `const M=require('node:module');const load=M._load;const seen=new Set();M._load=function(r,p,...a){if(p&&${ours}.includes(p.filename)&&r.startsWith('@aws-sdk/'))seen.add(r);return load.call(this,r,p,...a)};require(${JSON.stringify(start)});console.log(JSON.stringify([...seen]))`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { cwd: root, env: { ...process.env, AWS_REGION: 'us-east-1' } })
      .toString()
      .trim(),
  ) as string[];
}

interface LoadTiming {
  /** From the first `require` to the end of the load and of the first young-generation collection after the SDK's. */
  ms: number;
  /** From the first `require` to its return (the earlier method's window). */
  loadMs: number;
  /** Of `ms`, garbage collections (V8's own timings, as `performance` reports them). */
  collectionsMs: number;
  /** Whether that young-generation collection fell inside the load (else it was brought on right after it). */
  collectedInLoad: boolean;
}

/**
 * Loads modules as the Lambda runtime loads a CommonJS handler (`require`, with the runtime's `--expose-gc`), in a
 * fresh process pinned to one CPU (a Lambda function of up to 1,769 MB has at most one vCPU, and this machine's two
 * run the same load at different speeds).
 *
 * The SDK packages leave the young generation nearly full, so a collection of their objects is due: in a process
 * that loads a bundle after them it falls inside the load, in one that loads them alone just after it. So each
 * window runs until the young generation has been collected once since the SDK packages loaded (when the bundle's
 * `require` began; the end of the load on the SDK-only side): if no such collection fell inside the load, one is
 * made (`gc({ type: 'minor' })`) and timed (a full collection collects the young generation too). Both sides then pay for collecting the SDK's objects once, and ours
 * counts what collecting our objects costs.
 */
function loadInFreshProcess(
  cpu: number | undefined,
  modules: string[],
  bundle?: { start: string; bundle: string },
): LoadTiming {
  const script = [
    `const { PerformanceObserver, constants } = require('node:perf_hooks'); const collections = [];`,
    `new PerformanceObserver((list) => collections.push(...list.getEntries())).observe({ entryTypes: ['gc'] });`,
    `const M = require('node:module'); const load = M._load; let sdkLoaded;`,
    `M._load = function (request, parent, ...rest) {`,
    `  if (sdkLoaded === undefined && parent?.filename === ${JSON.stringify(bundle?.start)} && request === ${JSON.stringify(bundle && `./${basename(bundle.bundle)}`)}) sdkLoaded = performance.now();`,
    `  return load.call(this, request, parent, ...rest);`,
    `};`,
    `const t = performance.now(); for (const m of ${JSON.stringify(modules)}) require(m); const end = performance.now();`,
    `gc({ type: 'minor' }); const collected = performance.now();`,
    `setTimeout(() => {`,
    `  const since = sdkLoaded ?? end;`,
    `  const young = [constants.NODE_PERFORMANCE_GC_MINOR, constants.NODE_PERFORMANCE_GC_MAJOR];`,
    `  const collectedInLoad = collections.some((c) => young.includes(c.detail.kind) && c.startTime >= since && c.startTime < end);`,
    `  const windowEnd = collectedInLoad ? end : collected;`,
    `  const collectionsMs = collections.filter((c) => c.startTime >= t && c.startTime < windowEnd).reduce((n, c) => n + c.duration, 0);`,
    `  console.log(JSON.stringify({ ms: windowEnd - t, loadMs: end - t, collectionsMs, collectedInLoad }));`,
    `}, 10);`,
  ].join('\n');
  const node = [process.execPath, '--expose-gc', '-e', script];
  const [command, ...args] = cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
  return JSON.parse(
    execFileSync(command as string, args, { cwd: root, env: { ...process.env, AWS_REGION: 'us-east-1' } })
      .toString()
      .trim(),
  ) as LoadTiming;
}

/** The CPUs this process may run on (Linux's `Cpus_allowed_list`, e.g. `0-1,4`), else the first N. */
function allowedCpus(): number[] {
  const list = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (!list) return Array.from({ length: availableParallelism() }, (_, cpu) => cpu);
  return list.split(',').flatMap((range) => {
    const [from, to = from] = range.split('-').map(Number) as [number, number?];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** The CPUs pairs are pinned to, in turn; none where `taskset` (util-linux) is missing: then the pairs float. */
function pinnableCpus(): Array<number | undefined> {
  try {
    const cpus = allowedCpus();
    execFileSync('taskset', ['-c', String(cpus[0]), 'true']);
    return cpus;
  } catch {
    return [undefined];
  }
}

/** Our code's share of a cold start: loading the bundle minus loading only the SDK packages it requires; ms. */
export const INIT_BUDGET_MS = 15;
/**
 * Pairs come in rounds of 10 (at least 20, at most 60) until a further round moves the median of the paired
 * differences by no more than 2 ms and its 95% confidence interval is no wider than 8 ms (a median can stay put while
 * the pairs scatter).
 */
const SETTLING: Settling = { perRound: 10, minPairs: 20, maxPairs: 60, stable: 2, intervalWidth: 8 };

/**
 * Each pair loads the bundle and the SDK packages alone, each in a fresh process, one right after the other (which
 * goes first alternates), both on the same CPU (the pairs take the CPUs in turn, each CPU both orders), so that the
 * machine's load drifts over both alike; the figure is the median of the pairs' differences, after rounds of pairs
 * until it settles.
 */
/** Our share in one pair: what loading the bundle took above loading its SDK packages alone. */
const addedInPair = ({ withOurs, sdkOnly }: { withOurs: LoadTiming; sdkOnly: LoadTiming }) => withOurs.ms - sdkOnly.ms;

export async function coldStarts(files: Record<string, Bundle>) {
  const cpus = pinnableCpus();
  for (const [name, { start, bundle, sdk }] of Object.entries(files)) {
    const { pairs, movedByLastRound, interval } = await pairsUntilSettled(
      async (pair) => {
        const cpu = cpus[Math.floor(pair / 2) % cpus.length];
        const [withOurs, sdkOnly] = await pairInAlternatingOrder(
          pair,
          async () => loadInFreshProcess(cpu, [start], { start, bundle }),
          async () => loadInFreshProcess(cpu, sdk),
        );
        return { withOurs, sdkOnly };
      },
      addedInPair,
      SETTLING,
    );
    const ours = pairs.map((pair) => pair.withOurs);
    const floor = pairs.map((pair) => pair.sdkOnly);
    const differences = pairs.map(addedInPair);
    const added = median(differences);
    const msOf = (loads: LoadTiming[]) => median(loads.map((timing) => timing.ms));
    const collectionsOf = (loads: LoadTiming[]) => median(loads.map((timing) => timing.collectionsMs));
    results[`init.${name}`] = {
      value: round(added, 1),
      unit: 'ms our code adds to loading the SDK packages alone (median of paired differences)',
      baseline: round(msOf(floor), 1),
      ratio: round(msOf(ours) / msOf(floor), 2),
      budget: `≤ ${INIT_BUDGET_MS} ms`,
      ok: added <= INIT_BUDGET_MS,
      detail: {
        pairs: differences.length,
        lastRoundMovedMedianMs: round(movedByLastRound, 1),
        medianInterval95Ms: interval.map((ms) => round(ms, 1)),
        differenceP25Ms: round(percentile(differences, 25), 1),
        differenceP75Ms: round(percentile(differences, 75), 1),
        differenceP10Ms: round(percentile(differences, 10), 1),
        differenceP90Ms: round(percentile(differences, 90), 1),
        // the same pairs with each window's collections taken out (those our allocations set off are our cost too)
        differenceWithoutCollectionsMs: round(
          median(
            ours.map(
              (timing, i) =>
                timing.ms - timing.collectionsMs - (floor[i] as LoadTiming).ms + (floor[i] as LoadTiming).collectionsMs,
            ),
          ),
          1,
        ),
        // the same pairs, each window ending when `require` returns (the earlier method): the collection
        // the SDK's objects are due then counts on whichever side it falls
        differenceOfLoadsAloneMs: round(
          median(ours.map((timing, i) => timing.loadMs - (floor[i] as LoadTiming).loadMs)),
          1,
        ),
        youngCollectionInBundleLoad: `${ours.filter((timing) => timing.collectedInLoad).length} of ${ours.length}`,
        youngCollectionInSdkOnlyLoad: `${floor.filter((timing) => timing.collectedInLoad).length} of ${floor.length}`,
        bundleMs: round(msOf(ours), 1),
        bundleCollectionsMs: round(collectionsOf(ours), 1),
        sdkOnlyMs: round(msOf(floor), 1),
        sdkOnlyCollectionsMs: round(collectionsOf(floor), 1),
        pinnedToCpus: cpus.includes(undefined) ? 'none (no taskset here)' : cpus.join(', '),
        sdkPackages: sdk,
      },
    };
  }
}
