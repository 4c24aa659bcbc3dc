// How each Lambda function is bundled, for the CDK app and the benchmarks alike: the bundle's esbuild options, and the
// modules a handler loads on first use (`import('./x.js')`), left out of its bundle and built as files of their own
// beside it, by the specifier the handler imports them with.
import { WHAT_IF_MODULES } from '../functions/api/routes/reports.js';
import { FAST_PATH_MODULES } from '../functions/domain/records/accept-as-is.js';
import { CSV_MODULES } from '../functions/domain/uploads/lines.js';
import { JOBS_SEPARATE_MODULES } from '../functions/reports/chart-assets.js';
import type { LambdaFunctionName } from '../functions/shared/lambda-functions.js';

export const SEPARATE_MODULES: Record<LambdaFunctionName, Readonly<Record<string, string>>> = {
  // the what-if estimate and its statistics library, with the first what-if request
  api: WHAT_IF_MODULES,
  // ajv and zod's JSON Schema conversion (the validation fast path) with the first upload; the CSV parser with the
  // first CSV upload
  ingest: { ...FAST_PATH_MODULES, ...CSV_MODULES },
  'referral-tasks': {},
  'surge-tasks': {},
  // the charts' libraries and the MIME composer, when a report is drawn or sent
  jobs: JOBS_SEPARATE_MODULES,
};

/** Provided by the Lambda Node.js runtime (AWS SDK for JavaScript v3), left out of every bundle. */
export const RUNTIME_MODULES = ['@aws-sdk/*'] as const;

/** The bundle's esbuild options, for the function and for each module built beside it (CommonJS, minified). */
export const BUNDLE_OPTIONS = {
  format: 'cjs',
  minify: true,
  target: 'node24',
  mainFields: ['module', 'main'],
} as const;
