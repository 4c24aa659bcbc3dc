// The local Step Functions service: runs the workflow definitions with aws-local-stepfunctions, adds what the
// interpreter lacks (task tokens, executions kept on disk and resumed after a restart, the API's bookkeeping).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine as Interpreter,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { SfnApiError, StatesError } from './errors.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Runs a Lambda function by name (the local stand-in for Lambda's Invoke). */
export type FunctionInvoker = (functionName: string, payload: unknown) => Promise<unknown>;

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

interface PendingToken {
  token: string;
  state: string;
  createdAt: number;
  timeoutSeconds?: number;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  history: HistoryEvent[];
  /** The top-level state the execution is in, with its input: where a restart resumes it. */
  current?: { state: string; input: Json };
  pendingToken?: PendingToken;
  resumes: number;
}

export interface StateMachineRecord {
  name: string;
  stateMachineArn: string;
  definition: string;
  roleArn: string;
  creationDate: number;
}

interface TokenWaiter {
  executionArn: string;
  state: string;
  settle: (outcome: { output: Json } | { error: string; cause: string }) => void;
  timer?: NodeJS.Timeout;
}

const TOKEN_SENTINEL = '__OUTBOUND_LOCAL_TASK_TOKEN__';
const TIMEOUT_PARAMETER = '__localTimeoutSeconds';
/** The longest timer Node allows; stands in for "no timeout" (AWS has none on a Task by default). */
const NO_TIMEOUT_SECONDS = 2_147_483;
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const WAIT_FOR_TOKEN = '.waitForTaskToken';

export interface LocalStepFunctionsOptions {
  region: string;
  accountId: string;
  invoke: FunctionInvoker;
  /** Where executions are kept between runs; none keeps them in memory only. */
  stateDir?: string;
  /** Called when an execution closes (for logs). */
  onExecutionClosed?: (execution: ExecutionRecord) => void;
}

interface Running {
  abort: () => void;
  stopRequested?: { error?: string; cause?: string };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `visit` on every state of a definition's States, nested ones too (Parallel branches, Map processors). */
function forEachState(
  states: Record<string, unknown>,
  visit: (name: string, state: Record<string, unknown>) => void,
): void {
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    visit(name, state);
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      if (isObject(branch) && isObject(branch.States)) forEachState(branch.States, visit);
    }
    const processor = isObject(state.ItemProcessor)
      ? state.ItemProcessor
      : isObject(state.Iterator)
        ? state.Iterator
        : undefined;
    if (processor && isObject(processor.States)) forEachState(processor.States, visit);
  }
}

function replaceDeep(value: Json, from: string, to: string): Json {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, from, to));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceDeep(item as Json, from, to)]));
  }
  return value;
}

function functionNameOf(arnOrName: string): string {
  const match = /:function:([^:]+)/.exec(arnOrName);
  return match?.[1] ?? arnOrName;
}

function errorParts(error: unknown): { error: string; cause: string } {
  if (error instanceof Error) return { error: error.name || 'Error', cause: error.message };
  return { error: 'Error', cause: String(error) };
}

/**
 * A task's work, started only when the interpreter waits for its result. The interpreter calls the handler, then
 * works out the state's timeout and races the two; when that fails in between (a TimeoutSecondsPath that is not a
 * positive integer), the state fails without waiting for the task. Started eagerly, the task would run anyway, its
 * effects landing after the state's Catch had moved on (a surge's select after RecordFailure marked it FAILED) and its
 * rejection unhandled, which ends the process. Started here, such a task never runs, as in AWS, where the state fails
 * before its resource is invoked; a task that runs is always awaited, so its error is the state's error.
 */
function startedWhenAwaited(work: () => Promise<Json>): Promise<Json> {
  let started: Promise<Json> | undefined;
  const thenable: PromiseLike<Json> = {
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose: the interpreter's await is what starts it
    then: (onFulfilled, onRejected) => {
      started ??= work();
      return started.then(onFulfilled, onRejected);
    },
  };
  return thenable as Promise<Json>;
}

/** aws-local-stepfunctions 3 calls Promise.withResolvers (Node.js 22+) in every Task, after the task has started. */
function assertRuntime(): void {
  if (typeof (Promise as { withResolvers?: unknown }).withResolvers === 'function') return;
  throw new Error(
    `the local Step Functions endpoint needs Node.js 22 or later (its interpreter calls Promise.withResolvers in every Task state) and this is ${process.version}: start it with the project's Node.js 24 (npm start, npm run …, npx), not the system's node`,
  );
}

export class LocalStepFunctions {
  private readonly stateMachines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, Running>();
  private readonly tokens = new Map<string, TokenWaiter>();
  private readonly settledTokens = new Map<string, 'succeeded' | 'failed' | 'timed out' | 'closed'>();
  private closing = false;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    assertRuntime();
    if (options.stateDir) mkdirSync(join(options.stateDir, 'executions'), { recursive: true });
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
  }

  registerStateMachine(name: string, definition: StateMachineDefinition): StateMachineRecord {
    new Interpreter(this.prepare(definition)); // validates now, not at the first execution
    const record: StateMachineRecord = {
      name,
      stateMachineArn: this.stateMachineArn(name),
      definition: JSON.stringify(definition),
      roleArn: `arn:aws:iam::${this.options.accountId}:role/${name}-local`,
      creationDate: Date.now(),
    };
    this.stateMachines.set(record.stateMachineArn, record);
    return record;
  }

  listStateMachines(): StateMachineRecord[] {
    return [...this.stateMachines.values()];
  }

  describeStateMachine(arn: string): StateMachineRecord {
    const machine = this.stateMachines.get(arn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  /** Loads the executions kept on disk; those that were running are resumed where they stood. */
  resumePersisted(): { resumed: number; failed: number } {
    const dir = this.options.stateDir;
    if (!dir) return { resumed: 0, failed: 0 };
    let resumed = 0;
    let failed = 0;
    for (const file of readdirSync(join(dir, 'executions')).filter((f) => f.endsWith('.json'))) {
      const execution = JSON.parse(readFileSync(join(dir, 'executions', file), 'utf8')) as ExecutionRecord;
      this.executions.set(execution.executionArn, execution);
      if (execution.status !== 'RUNNING') continue;
      const machine = this.stateMachines.get(execution.stateMachineArn);
      const definition = machine ? (JSON.parse(machine.definition) as StateMachineDefinition) : undefined;
      const at = execution.current?.state;
      if (!definition || (at && !(at in definition.States))) {
        this.close(execution, 'FAILED', {
          error: 'Local.ResumeFailed',
          cause: `the local Step Functions endpoint restarted and could not resume this execution at state '${at}': its definition is gone or changed; start it again`,
        });
        failed++;
        continue;
      }
      execution.resumes++;
      this.run(execution, definition, at, execution.current?.input ?? (JSON.parse(execution.input) as Json));
      resumed++;
    }
    return { resumed, failed };
  }

  startExecution(params: { stateMachineArn: string; name?: string; input?: string }): ExecutionRecord {
    const machine = this.describeStateMachine(params.stateMachineArn);
    const name = params.name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new SfnApiError('InvalidName', `Invalid Name: '${name}' (1-80 letters, digits, '-' or '_')`);
    }
    const inputText = params.input ?? '{}';
    let input: Json;
    try {
      input = JSON.parse(inputText) as Json;
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid execution input: not JSON');
    }
    const executionArn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.stateMachineArn,
      name,
      status: 'RUNNING',
      input: inputText,
      startDate: Date.now(),
      history: [],
      resumes: 0,
    };
    this.executions.set(executionArn, execution);
    this.record(execution, 'ExecutionStarted', {
      executionStartedEventDetails: { input: inputText, roleArn: machine.roleArn },
    });
    this.run(execution, JSON.parse(machine.definition) as StateMachineDefinition, undefined, input);
    return execution;
  }

  describeExecution(arn: string): ExecutionRecord {
    const execution = this.executions.get(arn);
    if (!execution) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  listExecutions(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    this.describeStateMachine(stateMachineArn);
    return [...this.executions.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn && (!statusFilter || e.status === statusFilter))
      .sort((a, b) => b.startDate - a.startDate);
  }

  stopExecution(arn: string, error?: string, cause?: string): ExecutionRecord {
    const execution = this.describeExecution(arn);
    const running = this.running.get(arn);
    if (execution.status === 'RUNNING' && running) {
      running.stopRequested = { error, cause };
      running.abort();
    }
    return execution;
  }

  sendTaskSuccess(token: string, output: string): void {
    let parsed: Json;
    try {
      parsed = JSON.parse(output) as Json;
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid output: not JSON');
    }
    this.takeWaiter(token).settle({ output: parsed });
  }

  sendTaskFailure(token: string, error = 'TaskFailed', cause = ''): void {
    this.takeWaiter(token).settle({ error, cause });
  }

  sendTaskHeartbeat(token: string): void {
    this.waiterOf(token);
  }

  /** Stops the interpreter without closing running executions: they are resumed by the next start. */
  shutdown(): void {
    this.closing = true;
    for (const waiter of this.tokens.values()) clearTimeout(waiter.timer);
    for (const running of this.running.values()) running.abort();
  }

  private waiterOf(token: string): TokenWaiter {
    const waiter = this.tokens.get(token);
    if (waiter) return waiter;
    const settled = this.settledTokens.get(token);
    if (settled === 'timed out' || settled === 'closed')
      throw new SfnApiError('TaskTimedOut', `Task Timed Out: the task is ${settled}`);
    if (settled) throw new SfnApiError('TaskDoesNotExist', `Task Does Not Exist: the task has already ${settled}`);
    throw new SfnApiError('InvalidToken', 'Invalid Token: no task is waiting for this token');
  }

  private takeWaiter(token: string): TokenWaiter {
    const waiter = this.waiterOf(token);
    this.tokens.delete(token);
    clearTimeout(waiter.timer);
    return waiter;
  }

  /** Gives every Task without a timeout the longest one, and moves token tasks' timeouts into our own timer. */
  private prepare(definition: StateMachineDefinition): StateMachineDefinition {
    const copy = structuredClone(definition) as StateMachineDefinition;
    forEachState(copy.States as Record<string, unknown>, (_name, state) => {
      if (state.Type !== 'Task') return;
      if (typeof state.Resource === 'string' && state.Resource.endsWith(WAIT_FOR_TOKEN)) {
        const parameters = isObject(state.Parameters) ? state.Parameters : {};
        if (typeof state.TimeoutSecondsPath === 'string')
          parameters[`${TIMEOUT_PARAMETER}.$`] = state.TimeoutSecondsPath;
        else if (typeof state.TimeoutSeconds === 'number') parameters[TIMEOUT_PARAMETER] = state.TimeoutSeconds;
        state.Parameters = parameters;
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = NO_TIMEOUT_SECONDS;
      } else if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        state.TimeoutSeconds = NO_TIMEOUT_SECONDS;
      }
    });
    return copy;
  }

  private taskStates(definition: StateMachineDefinition): Array<[string, Record<string, unknown>]> {
    const found: Array<[string, Record<string, unknown>]> = [];
    forEachState(definition.States as Record<string, unknown>, (name, state) => {
      if (state.Type === 'Task') found.push([name, state]);
    });
    return found;
  }

  private run(
    execution: ExecutionRecord,
    definition: StateMachineDefinition,
    startAt: string | undefined,
    input: Json,
  ): void {
    const prepared = this.prepare(startAt ? { ...definition, StartAt: startAt } : definition);
    // a resumed definition starts mid-way, so its earlier states look unreachable: it was validated at registration
    const interpreter = new Interpreter(prepared, startAt ? { validationOptions: { noValidate: true } } : {});
    const resumeToken = startAt ? execution.pendingToken : undefined;
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [stateName, state] of this.taskStates(prepared)) {
      handlers[stateName] = (taskInput) =>
        startedWhenAwaited(() => {
          const reuse = resumeToken && resumeToken.state === stateName && execution.pendingToken === resumeToken;
          return this.runTask(execution, stateName, String(state.Resource), taskInput, reuse ? resumeToken : undefined);
        });
    }
    const machine = this.describeStateMachine(execution.stateMachineArn);
    const { abort, result, eventLogs } = interpreter.run(input, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: { Id: execution.executionArn, Name: execution.name, RoleArn: machine.roleArn },
        StateMachine: { Id: machine.stateMachineArn, Name: machine.name },
        Task: { Token: TOKEN_SENTINEL },
      },
    });
    const running: Running = { abort };
    this.running.set(execution.executionArn, running);
    const followed = this.follow(execution, eventLogs, new Set(Object.keys(prepared.States)));
    const outcome = result.then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    );
    void Promise.all([outcome, followed]).then(([settled]) => {
      if ('output' in settled) {
        this.close(execution, 'SUCCEEDED', { output: JSON.stringify(settled.output ?? null) });
      } else {
        const { error } = settled;
        if (error instanceof ExecutionAbortedError) {
          if (this.closing && !running.stopRequested) return; // kept RUNNING on disk, resumed by the next start
          this.close(execution, 'ABORTED', {
            error: running.stopRequested?.error,
            cause: running.stopRequested?.cause,
          });
        } else if (error instanceof ExecutionTimeoutError) {
          this.close(execution, 'TIMED_OUT', {
            error: 'States.Timeout',
            cause: 'the execution exceeded its TimeoutSeconds',
          });
        } else if (error instanceof ExecutionError) {
          this.close(execution, 'FAILED', errorParts(error.cause));
        } else {
          this.close(execution, 'FAILED', errorParts(error));
        }
      }
    });
  }

  private async follow(execution: ExecutionRecord, events: AsyncGenerator<object>, topLevel: Set<string>) {
    for await (const logged of events) {
      const event = logged as Record<string, unknown>;
      const state = isObject(event.state) ? event.state : undefined;
      const nested = event.index !== undefined || event.parentState !== undefined;
      const stateName = String(state?.name ?? '');
      const stateType = String(state?.type ?? '');
      switch (event.type) {
        case 'StateEntered':
          if (!nested && topLevel.has(stateName)) execution.current = { state: stateName, input: state?.input as Json };
          this.record(execution, `${stateType}StateEntered`, {
            stateEnteredEventDetails: { name: stateName, input: JSON.stringify(state?.input ?? null) },
          });
          break;
        case 'StateExited':
          this.record(execution, `${stateType}StateExited`, {
            stateExitedEventDetails: { name: stateName, output: JSON.stringify(state?.output ?? null) },
          });
          break;
        case 'StateFailed': {
          const details = {
            error: String(event.Error),
            cause: typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? ''),
          };
          if (stateType === 'Task') {
            const timedOut = event.Error === 'States.Timeout';
            this.record(execution, timedOut ? 'TaskTimedOut' : 'TaskFailed', {
              [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: {
                ...details,
                resourceType: 'lambda',
                resource: stateName,
              },
            });
          } else if (stateType === 'Map' || stateType === 'Parallel') {
            this.record(execution, `${stateType}StateFailed`, {});
          }
          break;
        }
        default:
          break;
      }
    }
  }

  private async runTask(
    execution: ExecutionRecord,
    stateName: string,
    resource: string,
    taskInput: Json,
    resumeToken: PendingToken | undefined,
  ): Promise<Json> {
    if (resource.endsWith(WAIT_FOR_TOKEN))
      return this.waitForToken(execution, stateName, resource, taskInput, resumeToken);
    if (resource === LAMBDA_INVOKE) {
      const params = isObject(taskInput) ? taskInput : {};
      const payload = await this.invokeFunction(
        execution,
        stateName,
        String(params.FunctionName),
        params.Payload ?? null,
      );
      return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
    }
    if (resource.startsWith('arn:aws:lambda:')) return this.invokeFunction(execution, stateName, resource, taskInput);
    throw new StatesError('States.Runtime', `the local endpoint cannot run the resource '${resource}'`);
  }

  private async invokeFunction(
    execution: ExecutionRecord,
    stateName: string,
    functionArn: string,
    payload: unknown,
  ): Promise<Json> {
    this.record(execution, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: functionArn,
        parameters: JSON.stringify(payload),
        region: this.options.region,
      },
    });
    const result = (await this.options.invoke(functionNameOf(functionArn), payload)) as Json;
    this.record(execution, 'TaskSucceeded', {
      taskSucceededEventDetails: {
        resourceType: 'lambda',
        resource: stateName,
        output: JSON.stringify(result ?? null),
      },
    });
    return result ?? null;
  }

  private async waitForToken(
    execution: ExecutionRecord,
    stateName: string,
    resource: string,
    rawInput: Json,
    resumeToken: PendingToken | undefined,
  ): Promise<Json> {
    const params: JsonObject = isObject(rawInput) ? { ...(rawInput as JsonObject) } : {};
    const timeoutSeconds = typeof params[TIMEOUT_PARAMETER] === 'number' ? params[TIMEOUT_PARAMETER] : undefined;
    delete params[TIMEOUT_PARAMETER];
    const pending: PendingToken = resumeToken ?? {
      token: `${randomBytes(24).toString('base64url')}.${createHash('sha256').update(execution.executionArn).digest('hex').slice(0, 16)}`,
      state: stateName,
      createdAt: Date.now(),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    };
    const settled = new Promise<Json>((resolve, reject) => {
      const waiter: TokenWaiter = {
        executionArn: execution.executionArn,
        state: stateName,
        settle: (outcome) => {
          if (execution.pendingToken?.token === pending.token) execution.pendingToken = undefined;
          if ('output' in outcome) {
            this.settledTokens.set(pending.token, 'succeeded');
            this.record(execution, 'TaskSucceeded', {
              taskSucceededEventDetails: {
                resourceType: 'lambda',
                resource: stateName,
                output: JSON.stringify(outcome.output),
              },
            });
            resolve(outcome.output);
          } else {
            this.settledTokens.set(pending.token, outcome.error === 'States.Timeout' ? 'timed out' : 'failed');
            reject(new StatesError(outcome.error, outcome.cause));
          }
        },
      };
      if (pending.timeoutSeconds !== undefined) {
        const remaining = pending.createdAt + pending.timeoutSeconds * 1000 - Date.now();
        waiter.timer = setTimeout(
          () => {
            this.tokens.delete(pending.token);
            waiter.settle({
              error: 'States.Timeout',
              cause: `no answer for the task token within ${pending.timeoutSeconds} s`,
            });
          },
          Math.max(0, remaining),
        );
      }
      this.tokens.set(pending.token, waiter);
    });
    execution.pendingToken = pending;
    this.persist(execution);
    if (!resumeToken) {
      const withToken = replaceDeep(params, TOKEN_SENTINEL, pending.token) as JsonObject;
      const target = resource.slice(0, -WAIT_FOR_TOKEN.length);
      try {
        if (target === LAMBDA_INVOKE) {
          await this.invokeFunction(execution, stateName, String(withToken.FunctionName), withToken.Payload ?? null);
        } else {
          throw new StatesError('States.Runtime', `the local endpoint cannot run the resource '${resource}'`);
        }
      } catch (error) {
        const waiter = this.tokens.get(pending.token);
        if (waiter) {
          this.tokens.delete(pending.token);
          clearTimeout(waiter.timer);
          waiter.settle(errorParts(error));
        }
      }
      this.record(execution, 'TaskSubmitted', {
        taskSubmittedEventDetails: { resourceType: 'lambda', resource: stateName },
      });
    }
    return settled;
  }

  private close(
    execution: ExecutionRecord,
    status: ExecutionStatus,
    details: { output?: string; error?: string; cause?: string },
  ) {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.stopDate = Date.now();
    execution.output = details.output;
    execution.error = details.error;
    execution.cause = details.cause;
    execution.pendingToken = undefined;
    for (const [token, waiter] of this.tokens) {
      if (waiter.executionArn !== execution.executionArn) continue;
      clearTimeout(waiter.timer);
      this.tokens.delete(token);
      this.settledTokens.set(token, 'closed');
    }
    this.running.delete(execution.executionArn);
    const type = {
      SUCCEEDED: 'ExecutionSucceeded',
      FAILED: 'ExecutionFailed',
      TIMED_OUT: 'ExecutionTimedOut',
      ABORTED: 'ExecutionAborted',
      RUNNING: 'ExecutionStarted',
    }[status];
    const detailsKey = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    this.record(execution, type, {
      [detailsKey]:
        status === 'SUCCEEDED' ? { output: details.output } : { error: details.error, cause: details.cause },
    });
    this.options.onExecutionClosed?.(execution);
  }

  private record(execution: ExecutionRecord, type: string, details: Record<string, unknown>): void {
    const id = execution.history.length + 1;
    execution.history.push({ id, previousEventId: id - 1, timestamp: Date.now(), type, ...details });
    this.persist(execution);
  }

  private persist(execution: ExecutionRecord): void {
    const dir = this.options.stateDir;
    if (!dir || this.closing) return;
    const file = join(
      dir,
      'executions',
      `${createHash('sha256').update(execution.executionArn).digest('hex').slice(0, 32)}.json`,
    );
    writeFileSync(`${file}.tmp`, JSON.stringify(execution));
    renameSync(`${file}.tmp`, file);
  }
}
