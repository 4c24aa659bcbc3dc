// Step Functions for the local cloud: the project's endpoint over aws-local-stepfunctions, running the workflows'
// ASL files, executions kept under {home}/stepfunctions and resumed after a restart.
import { join } from 'node:path';
import { invokeLocal } from '../functions.js';
import { bind, closeServer } from '../net.js';
import { ACCOUNT_ID, NAME_PREFIX, REGION } from '../resources.js';
import { LocalStepFunctions } from '../stepfunctions/engine.js';
import { createStepFunctionsServer } from '../stepfunctions/server.js';
import { STATE_MACHINES } from '../workflows.js';

export interface StepFunctionsService {
  endpoint: string;
  readonly engine: LocalStepFunctions;
  /** State machine id → its ARN. */
  stateMachines: Record<string, string>;
  /** Goes on with the executions the last stop interrupted, from where they stood. */
  resume(): { resumed: number; failed: number };
  /** Stops the endpoint and starts it again on the same port; running executions resume. */
  restart(): Promise<{ resumed: number; failed: number }>;
  stop(): Promise<void>;
}

export async function startStepFunctions(
  home: string,
  port: number,
  log: (line: string) => void,
): Promise<StepFunctionsService> {
  const stateMachines: Record<string, string> = {};
  const start = async (at: number) => {
    const engine = new LocalStepFunctions({
      region: REGION,
      accountId: ACCOUNT_ID,
      stateDir: join(home, 'stepfunctions'),
      invoke: invokeLocal,
      onExecutionClosed: (e) => log(`execution ${e.name} ${e.status}${e.error ? ` (${e.error})` : ''}`),
    });
    for (const machine of STATE_MACHINES) {
      stateMachines[machine.id] = engine.registerStateMachine(
        `${NAME_PREFIX}-${machine.id}`,
        machine.load(),
      ).stateMachineArn;
    }
    const bound = await bind('stepfunctions', at, createStepFunctionsServer(engine));
    return { engine, ...bound };
  };
  let current = await start(port);
  const stop = async () => {
    current.engine.shutdown();
    await closeServer(current.server);
  };
  const resume = () => {
    const resumed = current.engine.resumePersisted();
    if (resumed.resumed + resumed.failed > 0)
      log(`step functions: ${resumed.resumed} executions resumed, ${resumed.failed} failed to resume`);
    return resumed;
  };
  return {
    endpoint: current.url,
    get engine() {
      return current.engine;
    },
    stateMachines,
    resume,
    restart: async () => {
      await stop();
      current = await start(current.port);
      return resume();
    },
    stop,
  };
}
