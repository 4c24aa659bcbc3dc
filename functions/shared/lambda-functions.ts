// The system's Lambda functions, listed once: the CDK app builds them from their entries, the local cloud runs them
// by name, the benchmarks bundle them. `config` names each one's variables in FUNCTION_ENV (function-env.ts).
import type { FunctionName } from './function-env.js';

export interface LambdaFunction {
  /** The name's suffix after `outbound-`, locally and in the task states' ARNs. */
  name: string;
  /** The handler module (exporting `handler`), from the repository's root. */
  entry: string;
  config: FunctionName;
}

export const LAMBDA_FUNCTIONS = [
  { name: 'api', entry: 'functions/api/handler.ts', config: 'api' },
  { name: 'ingest', entry: 'functions/ingest/handler.ts', config: 'ingest' },
  { name: 'referral-tasks', entry: 'functions/referrals/handler.ts', config: 'referrals' },
  { name: 'surge-tasks', entry: 'functions/surges/handler.ts', config: 'surges' },
  { name: 'jobs', entry: 'functions/jobs/handler.ts', config: 'jobs' },
] as const satisfies readonly LambdaFunction[];

export type LambdaFunctionName = (typeof LAMBDA_FUNCTIONS)[number]['name'];

export function lambdaFunction(name: LambdaFunctionName): LambdaFunction {
  return LAMBDA_FUNCTIONS.find((fn) => fn.name === name) as LambdaFunction;
}
