// How each Lambda function is bundled, for the CDK app and the benchmarks alike: the bundle's esbuild options, the
// modules a handler loads on first use (`import('./x.js')`), left out of its bundle and built as files of their own
// beside it, by the specifier the handler imports them with, and the start file that loads the runtime's SDK
// packages before the bundle.
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

/**
 * The runtime's SDK packages each function loads at a cold start, in the order its start file requires them: every
 * one its handler's static imports reach (test/architecture/sdk-first.test.ts holds the list to that).
 */
export const START_FILE_SDK_PACKAGES: Record<LambdaFunctionName, readonly string[]> = {
  api: [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/lib-dynamodb',
    '@aws-sdk/client-s3',
    '@aws-sdk/lib-storage',
    '@aws-sdk/s3-request-presigner',
    '@aws-sdk/client-sfn',
    '@aws-sdk/client-lambda',
  ],
  ingest: [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/lib-dynamodb',
    '@aws-sdk/client-s3',
    '@aws-sdk/lib-storage',
    '@aws-sdk/client-sfn',
  ],
  'referral-tasks': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-sesv2'],
  'surge-tasks': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-sesv2'],
  jobs: [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/lib-dynamodb',
    '@aws-sdk/client-s3',
    '@aws-sdk/lib-storage',
    '@aws-sdk/client-sfn',
  ],
};

/** The module the runtime loads (the function's handler is `start.handler`); its bundle is `index.js` beside it. */
export const START_MODULE = 'start';

/**
 * The start file's source: it requires the function's SDK packages, then the bundle (CommonJS, as `BUNDLE_OPTIONS`
 * builds it), which V8 then compiles with the SDK loaded: 4–6 ms less than compiling it first in a cold process
 * (docs/performance.md, *Eighth session*).
 */
export function startFileSource(name: LambdaFunctionName, bundle = './index.js'): string {
  const lines = [
    '"use strict";',
    ...START_FILE_SDK_PACKAGES[name].map((sdkPackage) => `require(${JSON.stringify(sdkPackage)});`),
    `module.exports = require(${JSON.stringify(bundle)});`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The shell command the CDK's bundling runs to write the start file into `output` (its text travels as base64). */
export function startFileCommand(name: LambdaFunctionName, output: string): string {
  const base64 = Buffer.from(startFileSource(name)).toString('base64');
  return `node -e "require('node:fs').writeFileSync(process.argv[1], Buffer.from(process.argv[2], 'base64'))" "${output}/${START_MODULE}.js" ${base64}`;
}

/** Provided by the Lambda Node.js runtime (AWS SDK for JavaScript v3), left out of every bundle. */
export const RUNTIME_MODULES = ['@aws-sdk/*'] as const;

/** The bundle's esbuild options, for the function and for each module built beside it (CommonJS, minified). */
export const BUNDLE_OPTIONS = {
  format: 'cjs',
  minify: true,
  target: 'node24',
  mainFields: ['module', 'main'],
} as const;
