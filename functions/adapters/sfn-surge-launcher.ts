// Starts and stops surge operations' executions; the execution is named after the operation.
import { type SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { SurgeLauncher } from '../surges/interfaces.js';

export class SfnSurgeLauncher implements SurgeLauncher {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  /** The execution's ARN is known before it starts: the state machine's, with the operation as its name. */
  executionArnOf(surgeId: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${surgeId}`;
  }

  async start(surge: { surgeId: string; start: string; end: string }): Promise<void> {
    await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: surge.surgeId,
        input: JSON.stringify({ surgeId: surge.surgeId, start: surge.start, end: surge.end }),
      }),
    );
  }

  async stop(executionArn: string, reason: string): Promise<void> {
    await this.sfn.send(new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: reason.slice(0, 32_000) }));
  }
}
