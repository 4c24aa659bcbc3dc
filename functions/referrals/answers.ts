// Hands an answer (a decision, an agency response) to the waiting workflow through its task token.
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ReferralRepository } from '../adapters/referral-repository.js';
import { ConflictError } from '../domain/errors.js';

const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class ReferralAnswers {
  constructor(
    private readonly referrals: Pick<ReferralRepository, 'claimToken' | 'restoreToken'>,
    private readonly sfn: SFNClient,
  ) {}

  async answer(referralId: string, what: 'decision' | 'agency', answer: Record<string, unknown>): Promise<void> {
    const token = await this.referrals.claimToken(referralId, what);
    if (!token)
      throw new ConflictError(
        `referral ${referralId} is not waiting for ${what === 'decision' ? 'a decision' : 'the agency'} right now (already answered, or being escalated); read it again`,
      );
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(answer) }));
    } catch (error) {
      if (error instanceof Error && GONE.has(error.name)) {
        throw new ConflictError(
          `the answer came too late: referral ${referralId} has just been escalated; read it again and answer anew`,
        );
      }
      await this.referrals.restoreToken(referralId, token);
      throw error;
    }
  }
}
