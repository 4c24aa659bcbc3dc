// Starts one referral workflow per seizure finding; the execution name derives from the finding, so a repeat is a no-op.
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ReferralRequest } from '../domain/records/rules.js';
import { executionNameOf } from '../domain/referrals.js';
import type { ReferralStarter } from '../ingest/interfaces.js';
import { mapWithConcurrency } from '../shared/concurrency.js';

export interface ReferralSla {
  decisionSeconds: number;
  agencySeconds: number;
}

export class SfnReferralStarter implements ReferralStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    private readonly sla: ReferralSla,
  ) {}

  async start(requests: readonly ReferralRequest[]): Promise<void> {
    await mapWithConcurrency(requests, 4, async (request) => {
      try {
        await this.sfn.send(
          new StartExecutionCommand({
            stateMachineArn: this.stateMachineArn,
            name: executionNameOf(request.referralId),
            input: JSON.stringify({ request, sla: this.sla }),
          }),
        );
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    });
  }
}
