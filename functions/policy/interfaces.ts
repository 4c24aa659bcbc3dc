// Where the policy (minimum inspection frequencies, staff-hour cost, valuations) is kept with its audited history.
import type { Policy } from '../domain/policy.js';

export interface CurrentPolicy {
  policy: Policy;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export interface PolicyChange {
  version: number;
  at: string;
  by: string;
  role: string;
  reason?: string;
  policy: Policy;
}

export interface PolicyStore {
  /** The policy in force (the default one, version 0, until someone changes it). */
  get(): Promise<CurrentPolicy>;
  /**
   * Replaces the policy if it is still at `expectedVersion`, with its entry in the policy's history; returns the new
   * version. A ConflictError when it changed meanwhile.
   */
  put(
    policy: Policy,
    expectedVersion: number,
    by: { subject: string; role: string },
    at: string,
    reason?: string,
  ): Promise<number>;
  /** Every change, in the order the store keeps them. */
  history(): Promise<PolicyChange[]>;
}
