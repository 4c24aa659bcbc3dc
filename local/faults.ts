// Fault injection for the AWS SDK clients the functions build: throttling, 5xx, lost responses and dropped
// connections, at a configurable rate, inside the SDK's own retry loop (so retries meet faults as they would in AWS).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FinalizeRequestMiddleware, RelativeMiddlewareOptions } from '@smithy/types';
import type { ServiceName } from '../functions/shared/clients.js';

export type FaultKind = 'throttle' | 'server' | 'timeout' | 'dropped';
export const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server', 'timeout', 'dropped'];

export interface FaultPlan {
  /** Chance, per request attempt, of a fault (0–1). */
  rate: number;
  kinds?: readonly FaultKind[];
  services?: readonly ServiceName[];
  /** Only these operations (e.g. `PutItemCommand`); all when absent. */
  commands?: readonly string[];
  /**
   * Kills some invocations of these functions part-way: after a random number of their SDK requests, or, with
   * `atCommands`, just before the first request of one of these operations (e.g. between a store and a start).
   */
  kill?: { functions: readonly string[]; rate: number; maxRequests: number; atCommands?: readonly string[] };
  /** A deterministic source of randomness for reproducible runs. */
  random?: () => number;
}

/** What a function sees when the local runtime kills it mid-invocation: no retry, no cleanup. */
export class LocalInvocationKilledError extends Error {
  override readonly name = 'LocalInvocationKilledError';
}

interface Invocation {
  functionName: string;
  requests: number;
  killAfter: number | undefined;
  killed: boolean;
}

interface FaultableStack {
  // biome-ignore lint/suspicious/noExplicitAny: one middleware serves every client's input and output types
  addRelativeTo(middleware: FinalizeRequestMiddleware<any, any>, options: RelativeMiddlewareOptions): void;
}

type Counts = Record<ServiceName, Record<FaultKind, number>>;

const emptyCounts = (): Counts => {
  const zero = () => ({ throttle: 0, server: 0, timeout: 0, dropped: 0 });
  return { dynamodb: zero(), s3: zero(), sfn: zero(), ses: zero(), lambda: zero() };
};

/** An error shaped as the SDK shapes it, so its retry strategy and the project's `isTransient` classify it. */
export function faultError(kind: FaultKind, service: ServiceName): Error {
  const metadata = (httpStatusCode?: number) => ({ $metadata: { httpStatusCode, attempts: 1, totalRetryDelay: 0 } });
  switch (kind) {
    case 'throttle':
      return Object.assign(new Error(`injected throttling (${service})`), {
        name: service === 'dynamodb' ? 'ProvisionedThroughputExceededException' : 'ThrottlingException',
        $fault: 'client',
        ...metadata(400),
      });
    case 'server':
      return Object.assign(new Error(`injected server error (${service})`), {
        name: 'InternalServerError',
        $fault: 'server',
        ...metadata(500),
      });
    case 'timeout':
      return Object.assign(new Error(`injected timeout after the request was sent (${service})`), {
        name: 'TimeoutError',
        ...metadata(),
      });
    case 'dropped':
      return Object.assign(new Error(`injected dropped connection (${service})`), {
        name: 'Error',
        code: 'ECONNRESET',
        ...metadata(),
      });
  }
}

/** One injector for the process: clients register with it once; a plan turns faults on, `undefined` off. */
export class SdkFaults {
  private plan: FaultPlan | undefined;
  private counts = emptyCounts();
  private readonly invocations = new AsyncLocalStorage<Invocation>();
  kills = 0;

  set(plan: FaultPlan | undefined): void {
    this.plan = plan;
  }

  injected(): Counts {
    return structuredClone(this.counts);
  }

  total(): number {
    return Object.values(this.counts).reduce((sum, kinds) => sum + Object.values(kinds).reduce((a, b) => a + b, 0), 0);
  }

  reset(): void {
    this.counts = emptyCounts();
    this.kills = 0;
  }

  /** Runs one function invocation; under a kill plan it may die after some of its requests. */
  runInvocation<T>(functionName: string, invoke: () => Promise<T>): Promise<T> {
    const kill = this.plan?.kill;
    const random = this.plan?.random ?? Math.random;
    const killAfter =
      kill?.functions.includes(functionName) && random() < kill.rate
        ? Math.floor(random() * kill.maxRequests)
        : undefined;
    return this.invocations.run({ functionName, requests: 0, killAfter, killed: false }, invoke);
  }

  /** Adds the fault middleware to a client, just inside its retry middleware. */
  attach(client: { middlewareStack: FaultableStack }, service: ServiceName): void {
    client.middlewareStack.addRelativeTo(
      (next, context) => async (args) => {
        const invocation = this.invocations.getStore();
        const atCommands = this.plan?.kill?.atCommands;
        const reached = atCommands
          ? atCommands.includes(context.commandName as string)
          : invocation?.requests !== undefined &&
            invocation.requests >= (invocation.killAfter ?? Number.POSITIVE_INFINITY);
        if (invocation) invocation.requests++;
        if (invocation?.killAfter !== undefined && (invocation.killed || reached)) {
          if (!invocation.killed) this.kills++;
          invocation.killed = true;
          throw new LocalInvocationKilledError(`${invocation.functionName} was killed part-way (injected)`);
        }
        const kind = this.draw(service, context.commandName as string | undefined);
        if (!kind) return next(args);
        this.counts[service][kind]++;
        if (kind !== 'timeout') throw faultError(kind, service);
        // the request reaches the service and takes effect; its response is lost on the way back
        const output = (await next(args)) as { response?: { body?: { destroy?: () => void } } };
        output.response?.body?.destroy?.();
        throw faultError(kind, service);
      },
      { name: 'outboundFaultInjection', relation: 'after', toMiddleware: 'retryMiddleware', override: true },
    );
  }

  private draw(service: ServiceName, command: string | undefined): FaultKind | undefined {
    const plan = this.plan;
    if (!plan || plan.rate <= 0) return undefined;
    if (plan.services && !plan.services.includes(service)) return undefined;
    if (plan.commands && (!command || !plan.commands.includes(command))) return undefined;
    const random = plan.random ?? Math.random;
    if (random() >= plan.rate) return undefined;
    const kinds = plan.kinds ?? FAULT_KINDS;
    return kinds[Math.floor(random() * kinds.length)] ?? kinds[0];
  }
}

export const sdkFaults = new SdkFaults();
