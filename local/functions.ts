// The Lambda functions as the local cloud runs them: in this process, by name, with a Lambda-like context.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { sdkFaults } from './faults.js';

// biome-ignore lint/suspicious/noExplicitAny: handlers take their own event types
type Handler = (event: any, context: Context) => Promise<unknown>;

/** Function name → module exporting `handler`. The names match the CDK functions' `functionName` suffixes. */
const FUNCTIONS: Record<string, () => Promise<{ handler: Handler }>> = {
  api: () => import('../functions/api/handler.js'),
  ingest: () => import('../functions/ingest/handler.js'),
  'referral-tasks': () => import('../functions/referrals/handler.js'),
  jobs: () => import('../functions/jobs/handler.js'),
  'surge-tasks': () => import('../functions/surges/handler.js'),
};

export function lambdaContext(functionName: string, timeoutMs = 60_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A hook run before each local invocation; it may throw to inject a fault (tests, chaos runs). */
export type FaultInjector = (functionName: string, event: unknown) => void;
let injector: FaultInjector | undefined;

export function injectFaults(next: FaultInjector | undefined): void {
  injector = next;
}

export function isLocalFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name.replace(/^outbound-/, ''));
}

/** Runs a function by its local name (the part after `outbound-` in an ARN is accepted too). */
export async function invokeLocal(name: string, event: unknown): Promise<unknown> {
  const id = name.replace(/^outbound-/, '');
  const load = FUNCTIONS[id];
  if (!load)
    throw Object.assign(new Error(`no local function named '${name}'`), { name: 'Lambda.ResourceNotFoundException' });
  const { handler } = await load();
  injector?.(id, event);
  return sdkFaults.runInvocation(id, () => handler(event, lambdaContext(`outbound-${id}`)));
}

export function localFunctionArn(id: string, region = 'us-east-1'): string {
  return `arn:aws:lambda:${region}:000000000000:function:outbound-${id}`;
}
