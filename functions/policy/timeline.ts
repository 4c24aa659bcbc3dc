// The policy's timeline: every version with the instant it took effect, for analyses over past periods.
import { type PolicyVersion, policySchema } from '../domain/policy.js';
import type { PolicyStore } from './interfaces.js';

/** Every policy version with the instant it took effect, oldest first. */
export async function policyTimeline(store: Pick<PolicyStore, 'history'>): Promise<PolicyVersion[]> {
  return (await store.history())
    .sort((a, b) => a.version - b.version)
    .map((entry) => ({ at: entry.at, policy: policySchema().parse(entry.policy) }));
}
