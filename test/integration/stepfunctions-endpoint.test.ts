import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, listen } from '../../local/net.js';
import { LocalStepFunctions } from '../../local/stepfunctions/engine.js';
import { createStepFunctionsServer } from '../../local/stepfunctions/server.js';
import { loadDefinition } from '../../workflows/load.js';

const FIXTURE = new URL('../fixtures/token-demo.asl.json', import.meta.url);
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

interface Harness {
  engine: LocalStepFunctions;
  server: Server;
  sfn: SFNClient;
  tokens: string[];
  prepareCalls: number;
  machineArn: string;
}

const dirs: string[] = [];
const harnesses: Harness[] = [];

async function start(stateDir: string, failPrepareTimes = 0): Promise<Harness> {
  const harness = { tokens: [] as string[], prepareCalls: 0 } as Harness;
  harness.engine = new LocalStepFunctions({
    region: 'us-east-1',
    accountId: '000000000000',
    stateDir,
    invoke: async (name, payload) => {
      if (name === 'prepare') {
        harness.prepareCalls++;
        if (harness.prepareCalls <= failPrepareTimes) {
          throw Object.assign(new Error('try again'), { name: 'TransientError' });
        }
        return { ready: true };
      }
      harness.tokens.push((payload as { token: string }).token);
      return null;
    },
  });
  harness.machineArn = harness.engine.registerStateMachine(
    'token-demo',
    loadDefinition(FIXTURE, { PrepareFunctionArn: fn('prepare'), NotifyFunctionArn: fn('notify') }),
  ).stateMachineArn;
  harness.engine.resumePersisted();
  harness.server = createStepFunctionsServer(harness.engine);
  const port = await listen(harness.server, 0, 'stepfunctions', 'TEST');
  harness.sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  harnesses.push(harness);
  return harness;
}

async function stop(harness: Harness) {
  harness.engine.shutdown();
  await closeServer(harness.server);
  harnesses.splice(harnesses.indexOf(harness), 1);
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function finished(h: Harness, executionArn: string) {
  return until(async () => {
    const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  });
}

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'sfn-'));
  dirs.push(stateDir);
});
afterEach(async () => {
  for (const h of [...harnesses]) await stop(h);
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('local Step Functions endpoint', () => {
  it('lists the registered state machine', async () => {
    const h = await start(stateDir);
    const list = await h.sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toEqual(['token-demo']);
  });

  it('retries a transient task failure, then a task token settled by SendTaskSuccess drives the Choice and the Wait', async () => {
    const h = await start(stateDir, 2);
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.machineArn,
        name: 'case-1',
        input: JSON.stringify({ case: 'c1', timeoutSeconds: 30 }),
      }),
    );
    const token = await until(async () => h.tokens[0]);
    expect(h.prepareCalls).toBe(3);
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const done = await finished(h, executionArn as string);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '{}')).toMatchObject({
      case: 'c1',
      prepared: { ready: true },
      decision: { approved: true },
      outcome: 'approved',
    });
    const history = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = history.events?.map((e) => e.type) ?? [];
    expect(types).toContain('WaitStateEntered');
    expect(types).toContain('ChoiceStateExited');
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('times out a task token, catches States.Timeout, and refuses the late answer with TaskTimedOut', async () => {
    const h = await start(stateDir);
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.machineArn,
        input: JSON.stringify({ case: 'late', timeoutSeconds: 1 }),
      }),
    );
    const token = await until(async () => h.tokens[0]);
    const done = await finished(h, executionArn as string);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '{}')).toMatchObject({
      outcome: 'escalated',
      failure: { Error: 'States.Timeout' },
    });
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('fails the execution through SendTaskFailure and a Fail state when declined', async () => {
    const h = await start(stateDir);
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.machineArn,
        input: JSON.stringify({ case: 'd', timeoutSeconds: 30 }),
      }),
    );
    const token = await until(async () => h.tokens[0]);
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: false }) }));
    expect(await finished(h, executionArn as string)).toMatchObject({ status: 'FAILED', error: 'Declined' });

    const second = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.machineArn,
        input: JSON.stringify({ case: 'e', timeoutSeconds: 30 }),
      }),
    );
    const token2 = await until(async () => h.tokens[1]);
    await h.sfn.send(new SendTaskFailureCommand({ taskToken: token2, error: 'AgencyUnavailable', cause: 'down' }));
    expect(await finished(h, second.executionArn as string)).toMatchObject({
      status: 'FAILED',
      error: 'AgencyUnavailable',
      cause: 'down',
    });
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('treats a repeated execution name as idempotent while running, and refuses other input', async () => {
    const h = await start(stateDir);
    const input = JSON.stringify({ case: 'same', timeoutSeconds: 30 });
    const first = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: h.machineArn, name: 'once', input }));
    const again = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: h.machineArn, name: 'once', input }));
    expect(again.executionArn).toBe(first.executionArn);
    await expect(
      h.sfn.send(new StartExecutionCommand({ stateMachineArn: h.machineArn, name: 'once', input: '{"case":"other"}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    const listed = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.machineArn }));
    expect(listed.executions).toHaveLength(1);
  });

  it('stops an execution waiting on a token', async () => {
    const h = await start(stateDir);
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.machineArn,
        input: JSON.stringify({ case: 's', timeoutSeconds: 30 }),
      }),
    );
    const token = await until(async () => h.tokens[0]);
    await h.sfn.send(new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'by hq' }));
    expect(await finished(h, executionArn as string)).toMatchObject({
      status: 'ABORTED',
      error: 'Cancelled',
      cause: 'by hq',
    });
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('resumes an execution waiting on a token after a restart, with the same token', async () => {
    const first = await start(stateDir);
    const { executionArn } = await first.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: first.machineArn,
        name: 'survives',
        input: JSON.stringify({ case: 'r', timeoutSeconds: 60 }),
      }),
    );
    const token = await until(async () => first.tokens[0]);
    await stop(first);

    const second = await start(stateDir);
    expect(second.tokens).toEqual([]);
    expect((await second.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await second.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    expect(await finished(second, executionArn as string)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('answers an unknown execution with ExecutionDoesNotExist', async () => {
    const h = await start(stateDir);
    await expect(
      h.sfn.send(
        new DescribeExecutionCommand({ executionArn: `${h.machineArn.replace('stateMachine', 'execution')}:nope` }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
