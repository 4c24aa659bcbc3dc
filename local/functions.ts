// The Lambda functions as the local cloud runs them: in this process, by name, with a Lambda-like context.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { LAMBDA_FUNCTIONS } from '../functions/shared/lambda-functions.js';
import { sdkFaults } from './faults.js';

// biome-ignore lint/suspicious/noExplicitAny: handlers take their own event types
type Handler = (event: any, context: Context) => Promise<unknown>;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FUNCTIONS = new Map(
  LAMBDA_FUNCTIONS.map(({ name, entry }) => [
    name as string,
    () => import(pathToFileURL(join(ROOT, entry)).href) as Promise<{ handler: Handler }>,
  ]),
);

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
  return FUNCTIONS.has(name.replace(/^outbound-/, ''));
}

/** A function's handler, loaded in this process on first use. */
export async function loadHandler(name: string): Promise<Handler> {
  const load = FUNCTIONS.get(name);
  if (!load)
    throw Object.assign(new Error(`no local function named '${name}'`), { name: 'Lambda.ResourceNotFoundException' });
  return (await load()).handler;
}

/** Runs a function by its local name (the part after `outbound-` in an ARN is accepted too). */
export async function invokeLocal(name: string, event: unknown): Promise<unknown> {
  const id = name.replace(/^outbound-/, '');
  const handler = await loadHandler(id);
  injector?.(id, event);
  return sdkFaults.runInvocation(id, () => handler(event, lambdaContext(`outbound-${id}`)));
}

export function localFunctionArn(id: string, region = 'us-east-1'): string {
  return `arn:aws:lambda:${region}:000000000000:function:outbound-${id}`;
}
