// Hands answers to Step Functions executions waiting behind a task token (SendTaskSuccess).
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WaitingWorkflows } from '../referrals/interfaces.js';

/** What Step Functions answers for a token whose task no longer waits. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class SfnWaitingWorkflows implements WaitingWorkflows {
  constructor(private readonly sfn: SFNClient) {}

  async resume(token: string, answer: Record<string, unknown>): Promise<boolean> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(answer) }));
      return true;
    } catch (error) {
      if (error instanceof Error && GONE.has(error.name)) return false;
      throw error;
    }
  }
}
