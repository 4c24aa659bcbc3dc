// The local Step Functions engine over the real aws-local-stepfunctions interpreter: a task's error is its state's
// error (Retry, Catch, FAILED), and never a rejection nobody waits for, which would end the local cloud's process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExecutionRecord, LocalStepFunctions } from '../../local/stepfunctions/engine.js';

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

function engineWith(invoke: (name: string, payload: unknown) => Promise<unknown>) {
  const calls: Array<{ name: string; payload: unknown }> = [];
  const engine = new LocalStepFunctions({
    region: 'us-east-1',
    accountId: '000000000000',
    invoke: (name, payload) => {
      calls.push({ name, payload });
      return invoke(name, payload);
    },
  });
  return { engine, calls };
}

/** Starts an execution of `machineArn` and waits until it has closed. */
async function runToEnd(
  engine: LocalStepFunctions,
  machineArn: string,
  name: string,
  input: unknown,
): Promise<ExecutionRecord> {
  const { executionArn: arn } = engine.startExecution({
    stateMachineArn: machineArn,
    name,
    input: JSON.stringify(input),
  });
  const deadline = Date.now() + 5_000;
  while (engine.describeExecution(arn).status === 'RUNNING') {
    if (Date.now() > deadline) throw new Error('the execution never closed');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // room for a late rejection to surface as unhandled
  await new Promise((resolve) => setTimeout(resolve, 150));
  return engine.describeExecution(arn);
}

const slowConflict = () =>
  new Promise<never>((_, reject) =>
    setTimeout(() => reject(new ConflictError('operation s-1 is no longer REQUESTED')), 50),
  );

describe('the local Step Functions engine', () => {
  it('never starts a task whose state fails before it is awaited, so no late rejection ends the process', async () => {
    const { engine, calls } = engineWith(async (name) => (name === 'select' ? slowConflict() : { ok: true }));
    const machine = engine.registerStateMachine('select-then-record', {
      StartAt: 'SelectPorts',
      States: {
        SelectPorts: {
          Type: 'Task',
          Resource: fn('select'),
          // not a positive integer at run time: the interpreter fails the state after calling its handler
          TimeoutSecondsPath: '$.timeout',
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
          End: true,
        },
        RecordFailure: { Type: 'Task', Resource: fn('record'), End: true },
      },
    });
    const done = await runToEnd(engine, machine.stateMachineArn, 'bad-timeout', { timeout: 'soon' });
    expect(done.status).toBe('FAILED');
    expect(done.cause).toMatch(/expected an integer/);
    expect(calls.map((c) => c.name)).not.toContain('select');
    expect(unhandled).toEqual([]);
  });

  it("makes a task's rejection its state's error: retried when it matches, then caught into the next state", async () => {
    let selects = 0;
    const { engine, calls } = engineWith(async (name) => {
      if (name !== 'select') return { status: 'FAILED' };
      selects++;
      if (selects === 1) throw Object.assign(new Error('slow down'), { name: 'TransientError' });
      return slowConflict();
    });
    const machine = engine.registerStateMachine('surge-like', {
      StartAt: 'SelectPorts',
      States: {
        SelectPorts: {
          Type: 'Task',
          Resource: fn('select'),
          Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
          End: true,
        },
        RecordFailure: { Type: 'Task', Resource: fn('record'), ResultPath: null, Next: 'Failed' },
        Failed: { Type: 'Fail', Error: 'SurgeFailed', Cause: 'a step failed' },
      },
    });
    const done = await runToEnd(engine, machine.stateMachineArn, 'conflict', { surgeId: 's-1' });
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('SurgeFailed');
    expect(selects).toBe(2);
    expect(calls.find((c) => c.name === 'record')?.payload).toMatchObject({
      surgeId: 's-1',
      error: { Error: 'ConflictError', Cause: 'operation s-1 is no longer REQUESTED' },
    });
    expect(done.history.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails)).toEqual([
      expect.objectContaining({ error: 'TransientError', resource: 'SelectPorts' }),
      expect.objectContaining({ error: 'ConflictError', resource: 'SelectPorts' }),
    ]);
    expect(unhandled).toEqual([]);
  });

  it('refuses to start on a Node.js whose Promise has no withResolvers, which the interpreter calls in every Task', () => {
    const promise = Promise as { withResolvers?: unknown };
    const withResolvers = promise.withResolvers;
    delete promise.withResolvers;
    try {
      expect(() => engineWith(async () => null)).toThrow(/needs Node\.js 22 or later/);
    } finally {
      promise.withResolvers = withResolvers;
    }
  });
});
