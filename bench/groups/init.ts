// bundle.* and init.*: each function's bundle as the CDK app builds it, and what loading it costs above the SDK.
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { WHAT_IF_MODULES } from '../../functions/api/routes/reports.js';
import { FAST_PATH_MODULES } from '../../functions/domain/records/accept-as-is.js';
import { CSV_MODULES } from '../../functions/domain/uploads/lines.js';
import { SEPARATE_MODULES } from '../../functions/reports/chart-assets.js';
import { LAMBDA_FUNCTIONS } from '../../functions/shared/lambda-functions.js';
import { median, medianInterval, percentile, results, round } from '../results.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Provided by the Lambda Node.js runtime (AWS SDK for JavaScript v3), as the CDK bundling leaves them out too. */
const BUNDLE_EXTERNALS = ['@aws-sdk/*'];
/** Modules a function loads on first use from files of their own beside its bundle, as the CDK app builds them. */
const SEPARATE: Record<string, Record<string, string>> = {
  api: WHAT_IF_MODULES,
  jobs: SEPARATE_MODULES,
  ingest: { ...FAST_PATH_MODULES, ...CSV_MODULES },
};
/** The options of infra/constructs/outbound-function.ts's bundling. */
const BUILD: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  mainFields: ['module', 'main'],
  metafile: true,
  logLevel: 'silent',
};
const kbOf = (file: string) => round(Number(execFileSync('stat', ['-c', '%s', file]).toString()) / 1024, 1);
interface Bundle {
  file: string;
  /** The runtime's packages the bundle requires as it loads (left out of it; those loaded on first use are not). */
  sdk: string[];
}

export async function bundles(dir: string): Promise<Record<string, Bundle>> {
  const files: Record<string, Bundle> = {};
  let total = 0;
  for (const { name, entry } of LAMBDA_FUNCTIONS) {
    const out = join(dir, `${name}.cjs`);
    const separate = SEPARATE[name] ?? {};
    const { metafile } = await build({
      ...BUILD,
      entryPoints: [join(root, entry)],
      outfile: out,
      external: [...BUNDLE_EXTERNALS, ...Object.keys(separate)],
    });
    const runtimeImports = Object.values(metafile?.outputs ?? {})
      .flatMap((o) => o.imports)
      .filter((i) => i.external && i.path.startsWith('@aws-sdk/'));
    // each module loaded on first use is a file of its own beside the bundle, under the name it is imported by
    const onFirstUse: Record<string, number> = {};
    for (const [specifier, module] of Object.entries(separate)) {
      const file = join(dir, specifier);
      await build({ ...BUILD, entryPoints: [join(root, module)], outfile: file, external: BUNDLE_EXTERNALS });
      onFirstUse[basename(file)] = kbOf(file);
      total += kbOf(file);
    }
    const kb = kbOf(out);
    total += kb;
    const sdk = runtimePackagesRequiredAtLoad(out);
    const sdkOnFirstUse = [...new Set(runtimeImports.map((i) => i.path))].filter((path) => !sdk.includes(path));
    results[`bundle.${name}`] = {
      value: kb,
      unit: 'KB',
      budget: '≤ 350 KB',
      ok: kb <= 350,
      detail: {
        sdkPackagesAtLoad: sdk,
        ...(sdkOnFirstUse.length > 0 ? { sdkPackagesOnFirstUse: sdkOnFirstUse } : {}),
        ...(Object.keys(onFirstUse).length > 0 ? { filesLoadedOnFirstUseKB: onFirstUse } : {}),
      },
    };
    files[name] = { file: out, sdk };
  }
  results['bundle.total'] = { value: round(total, 1), unit: 'KB', budget: 'report', ok: true };
  return files;
}

/**
 * The runtime's packages the bundle itself requires while it loads, in the order it first requires them, seen in a
 * fresh process: exactly what the SDK-only side loads, in the same order (the order alone moved the SDK's own load
 * by ~20 ms for the API's seven packages). (The bundle's import list cannot tell: a `require` inside a module loaded on first use, or
 * inside a function, is listed all the same.)
 */
function runtimePackagesRequiredAtLoad(file: string): string[] {
  const script = `const M=require('node:module');const load=M._load;const seen=new Set();M._load=function(r,p,...a){if(p&&p.filename===${JSON.stringify(file)}&&r.startsWith('@aws-sdk/'))seen.add(r);return load.call(this,r,p,...a)};require(${JSON.stringify(file)});console.log(JSON.stringify([...seen]))`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { cwd: root, env: { ...process.env, AWS_REGION: 'us-east-1' } })
      .toString()
      .trim(),
  ) as string[];
}

/** Loads modules as the Lambda runtime loads a CommonJS handler (`require`), in a fresh process; ms. */
function importMs(...modules: string[]): number {
  const script = `const t=performance.now(); for (const m of ${JSON.stringify(modules)}) require(m); console.log(performance.now()-t)`;
  return Number(
    execFileSync(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, AWS_REGION: 'us-east-1' },
    })
      .toString()
      .trim(),
  );
}

/** Our code's share of a cold start: loading the bundle minus loading only the SDK packages it requires; ms. */
export const INIT_BUDGET_MS = 15;
const PAIRS_PER_ROUND = 10;
const MIN_PAIRS = 20;
const MAX_PAIRS = 60;
/** The median of the paired differences is taken as settled when a further round moves it by no more than this. */
const STABLE_MS = 2;
/** …and the median's 95% confidence interval is no wider than this (a median can stay put while the pairs scatter). */
const INTERVAL_MS = 8;

/**
 * Each pair loads the bundle and the SDK packages alone, each in a fresh process, one right after the other (which
 * goes first alternates), so that the machine's load drifts over both alike; the figure is the median of the
 * pairs' differences, after rounds of pairs until it settles.
 */
export function coldStarts(files: Record<string, Bundle>) {
  for (const [name, { file, sdk }] of Object.entries(files)) {
    const ours: number[] = [];
    const floor: number[] = [];
    const differences: number[] = [];
    let moved = Number.POSITIVE_INFINITY;
    while (differences.length < MAX_PAIRS) {
      const before = differences.length > 0 ? median(differences) : Number.NaN;
      for (let i = 0; i < PAIRS_PER_ROUND; i++) {
        const bundleFirst = differences.length % 2 === 0;
        const first = bundleFirst ? importMs(file) : importMs(...sdk);
        const second = bundleFirst ? importMs(...sdk) : importMs(file);
        const [withOurs, sdkOnly] = bundleFirst ? [first, second] : [second, first];
        ours.push(withOurs);
        floor.push(sdkOnly);
        differences.push(withOurs - sdkOnly);
      }
      moved = Math.abs(median(differences) - before);
      const [low, high] = medianInterval(differences);
      if (differences.length >= MIN_PAIRS && moved <= STABLE_MS && high - low <= INTERVAL_MS) break;
    }
    const added = median(differences);
    results[`init.${name}`] = {
      value: round(added, 1),
      unit: 'ms our code adds to loading the SDK packages alone (median of paired differences)',
      baseline: round(median(floor), 1),
      ratio: round(median(ours) / median(floor), 2),
      budget: `≤ ${INIT_BUDGET_MS} ms`,
      ok: added <= INIT_BUDGET_MS,
      detail: {
        pairs: differences.length,
        lastRoundMovedMedianMs: round(moved, 1),
        medianInterval95Ms: medianInterval(differences).map((ms) => round(ms, 1)),
        differenceP25Ms: round(percentile(differences, 25), 1),
        differenceP75Ms: round(percentile(differences, 75), 1),
        differenceP10Ms: round(percentile(differences, 10), 1),
        differenceP90Ms: round(percentile(differences, 90), 1),
        bundleMs: round(median(ours), 1),
        sdkOnlyMs: round(median(floor), 1),
        sdkPackages: sdk,
      },
    };
  }
}
