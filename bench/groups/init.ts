// bundle.* and init.*: each function's bundle as the CDK app builds it, and what loading it costs above the SDK.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildAsDeployed, type DeployedFunction, loadStartFile } from '../../fixtures/deployed-functions.js';
import { LAMBDA_FUNCTIONS } from '../../functions/shared/lambda-functions.js';
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
const kbOf = (file: string) => round(statSync(file).size / 1024, 1);
interface Bundle extends DeployedFunction {
  /**
   * The runtime's packages the start file and then the bundle require as they load, in order, seen in a fresh
   * process: what the SDK-only side loads, in the same order (the order alone moved the SDK's own load by ~20 ms for
   * the API's seven packages). The bundle's import list cannot tell: a `require` inside a module loaded on first
   * use, or inside a function, is listed all the same.
   */
  sdk: string[];
}

export async function bundles(dir: string): Promise<Record<string, Bundle>> {
  const files: Record<string, Bundle> = {};
  let total = 0;
  for (const { name } of LAMBDA_FUNCTIONS) {
    const deployed = await buildAsDeployed(name, dir);
    const runtimeImports = Object.values(deployed.metafile.outputs)
      .flatMap((o) => o.imports)
      .filter((i) => i.external && i.path.startsWith('@aws-sdk/'));
    const onFirstUse = Object.fromEntries(Object.entries(deployed.beside).map(([file, path]) => [file, kbOf(path)]));
    const kb = kbOf(deployed.bundle);
    total += kb + Object.values(onFirstUse).reduce((sum, size) => sum + size, 0);
    const { byStartFile, byBundle } = loadStartFile(deployed);
    const beyondStartFile = byBundle.filter((sdk) => !byStartFile.includes(sdk));
    const sdk = [...byStartFile, ...beyondStartFile];
    const sdkOnFirstUse = [...new Set(runtimeImports.map((i) => i.path))].filter((path) => !sdk.includes(path));
    results[`bundle.${name}`] = {
      value: kb,
      unit: 'KB',
      budget: '≤ 350 KB',
      ok: kb <= 350,
      detail: {
        sdkPackagesAtLoad: sdk,
        // START_FILE_SDK_PACKAGES misses these (test/architecture/sdk-first.test.ts fails on it too)
        ...(beyondStartFile.length > 0 ? { sdkPackagesBeyondStartFile: beyondStartFile } : {}),
        ...(sdkOnFirstUse.length > 0 ? { sdkPackagesOnFirstUse: sdkOnFirstUse } : {}),
        ...(Object.keys(onFirstUse).length > 0 ? { filesLoadedOnFirstUseKB: onFirstUse } : {}),
      },
    };
    files[name] = { ...deployed, sdk };
  }
  results['bundle.total'] = { value: round(total, 1), unit: 'KB', budget: 'report', ok: true };
  return files;
}

interface LoadTiming {
  /** From the first `require` to the end of the load and of the first young-generation collection after the SDK's. */
  ms: number;
  /** From the first `require` to its return (the earlier method's window). */
  atRequireReturnMs: number;
  /** Of `ms`, garbage collections (V8's own timings, as `performance` reports them). */
  collectionsMs: number;
  /** Whether that young-generation collection fell inside the load (else it was made right after it). */
  collectedInLoad: boolean;
}

/**
 * Loads modules as the Lambda runtime loads a CommonJS handler (`require`), in a fresh process pinned to one CPU (a
 * Lambda function of up to 1,769 MB has at most one vCPU, and this machine's two run the same load at different
 * speeds).
 *
 * The SDK packages leave the young generation nearly full, so a collection of their objects is due: in a process
 * that loads a bundle after them it falls inside the load, in one that loads them alone soon after it (in a real cold
 * start, in the first invocation). So each window runs until the young generation has been collected once since the
 * SDK packages loaded (when the bundle's `require` began; the end of the load on the SDK-only side): if no young or
 * full collection fell inside the load after that point, one is made (`gc({ type: 'minor' })`, with `--expose-gc`
 * on both sides) and timed. Both sides then pay once for collecting the SDK's objects; ours also pays for collecting
 * those of our objects allocated before that collection.
 */
function loadInFreshProcess(cpu: number | undefined, modules: string[], deployed?: DeployedFunction): LoadTiming {
  const script = [
    `const { PerformanceObserver, constants } = require('node:perf_hooks'); const collections = [];`,
    `new PerformanceObserver((list) => collections.push(...list.getEntries())).observe({ entryTypes: ['gc'] });`,
    // the same hook on both sides, so that each `require` costs them alike; on the SDK-only side it matches nothing
    `const M = require('node:module'); const load = M._load; let bundleRequired;`,
    `M._load = function (request, parent, ...rest) {`,
    `  if (bundleRequired === undefined && parent?.filename === ${JSON.stringify(deployed?.start ?? null)}`,
    `    && M._resolveFilename(request, parent) === ${JSON.stringify(deployed?.bundle ?? null)}) bundleRequired = performance.now();`,
    `  return load.call(this, request, parent, ...rest);`,
    `};`,
    `const t = performance.now(); for (const m of ${JSON.stringify(modules)}) require(m); const end = performance.now();`,
    `if (${deployed !== undefined} && bundleRequired === undefined) throw new Error('the start file never required the bundle');`,
    `gc({ type: 'minor' }); const madeCollectionEnd = performance.now();`,
    `setTimeout(() => {`,
    `  const sdkLoaded = bundleRequired ?? end;`,
    `  const collectsYoung = [constants.NODE_PERFORMANCE_GC_MINOR, constants.NODE_PERFORMANCE_GC_MAJOR];`,
    `  const collectedInLoad = collections.some((c) => collectsYoung.includes(c.detail.kind) && c.startTime >= sdkLoaded && c.startTime < end);`,
    `  const windowEnd = collectedInLoad ? end : madeCollectionEnd;`,
    `  const collectionsMs = collections.filter((c) => c.startTime >= t && c.startTime < windowEnd).reduce((n, c) => n + c.duration, 0);`,
    `  console.log(JSON.stringify({ ms: windowEnd - t, atRequireReturnMs: end - t, collectionsMs, collectedInLoad }));`,
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

/** Our code's share of a cold start: loading the start file minus loading only the SDK packages it requires; ms. */
export const INIT_BUDGET_MS = 15;
/**
 * Pairs come in rounds of 10 (at least 20, at most 60) until a further round moves the median of the paired
 * differences by no more than 2 ms and its 95% confidence interval is no wider than 8 ms (a median can stay put while
 * the pairs scatter).
 */
const SETTLING: Settling = { perRound: 10, minPairs: 20, maxPairs: 60, stable: 2, intervalWidth: 8 };

/** Our share in one pair: what loading the start file took above loading its SDK packages alone. */
const addedInPair = ({ withOurs, sdkOnly }: { withOurs: LoadTiming; sdkOnly: LoadTiming }) => withOurs.ms - sdkOnly.ms;

/**
 * Each pair loads the start file (the SDK packages, then the bundle) and the SDK packages alone, each in a fresh
 * process, one right after the other (which goes first alternates), both on the same CPU (the pairs take the CPUs in
 * turn, each CPU both orders), so that the machine's load drifts over both alike; the figure is the median of the
 * pairs' differences, after rounds of pairs until it settles.
 */
export async function coldStarts(files: Record<string, Bundle>) {
  const cpus = pinnableCpus();
  for (const [name, deployed] of Object.entries(files)) {
    const { pairs, movedByLastRound, interval } = await pairsUntilSettled(
      async (pair) => {
        const cpu = cpus[Math.floor(pair / 2) % cpus.length];
        const [withOurs, sdkOnly] = await pairInAlternatingOrder(
          pair,
          async () => loadInFreshProcess(cpu, [deployed.start], deployed),
          async () => loadInFreshProcess(cpu, deployed.sdk),
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
        // the same pairs, each window ending when `require` returns (the earlier method): the collection the SDK's
        // objects are due then counts only on the side it falls in, the bundle's
        differenceAtRequireReturnMs: round(
          median(ours.map((timing, i) => timing.atRequireReturnMs - (floor[i] as LoadTiming).atRequireReturnMs)),
          1,
        ),
        youngCollectionInBundleLoad: `${ours.filter((timing) => timing.collectedInLoad).length} of ${ours.length}`,
        bundleMs: round(msOf(ours), 1),
        bundleCollectionsMs: round(collectionsOf(ours), 1),
        sdkOnlyMs: round(msOf(floor), 1),
        sdkOnlyCollectionsMs: round(collectionsOf(floor), 1),
        pinnedToCpus: cpus.includes(undefined) ? 'none (no taskset here)' : cpus.join(', '),
        sdkPackages: deployed.sdk,
      },
    };
  }
}
