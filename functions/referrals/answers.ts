// Hands an answer (a decision, an agency response) to the waiting workflow through its task token.
import { ConflictError } from '../domain/errors.js';
import type { ReferralRepository, WaitingWorkflows } from './interfaces.js';

export class ReferralAnswers {
  constructor(
    private readonly referrals: Pick<ReferralRepository, 'claimToken' | 'restoreToken'>,
    private readonly workflows: WaitingWorkflows,
  ) {}

  async answer(referralId: string, what: 'decision' | 'agency', answer: Record<string, unknown>): Promise<void> {
    const token = await this.referrals.claimToken(referralId, what);
    if (!token)
      throw new ConflictError(
        `referral ${referralId} is not waiting for ${what === 'decision' ? 'a decision' : 'the agency'} right now (already answered, or being escalated); read it again`,
      );
    let resumed: boolean;
    try {
      resumed = await this.workflows.resume(token, answer);
    } catch (error) {
      await this.referrals.restoreToken(referralId, token);
      throw error;
    }
    if (!resumed)
      throw new ConflictError(
        `the answer came too late: referral ${referralId} has just been escalated; read it again and answer anew`,
      );
  }
}
