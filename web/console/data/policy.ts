// The policy area of the API: the current policy (with its version) and its history of changes.
import type { Policy } from '../../../functions/domain/policy.js';
import type { CurrentPolicy, PolicyChange } from '../../../functions/policy/interfaces.js';
import { apiFetch } from '../../shared/api.js';

export type { CurrentPolicy, Policy, PolicyChange };

/** GET /policy: the policy in force, with its history of changes for headquarters. */
export interface PolicyAnswer extends CurrentPolicy {
  history?: PolicyChange[];
}

export function getPolicy(): Promise<PolicyAnswer> {
  return apiFetch<PolicyAnswer>('/policy');
}

export function putPolicy(policy: Policy, version: number, reason: string): Promise<{ version: number }> {
  return apiFetch('/policy', { method: 'PUT', body: { policy, version, reason } });
}
