// The policy area of the API: the current policy (with its version) and its history of changes.
import type { Policy } from '../../../functions/domain/policy.js';
import { apiFetch } from '../../shared/api.js';

export type { Policy };

export interface PolicyChange {
  version: number;
  at: string;
  by: string;
  role: string;
  reason?: string;
  policy: Policy;
}

export interface CurrentPolicy {
  policy: Policy;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
  history?: PolicyChange[];
}

export function getPolicy(): Promise<CurrentPolicy> {
  return apiFetch<CurrentPolicy>('/policy');
}

export function putPolicy(policy: Policy, version: number, reason: string): Promise<{ version: number }> {
  return apiFetch('/policy', { method: 'PUT', body: { policy, version, reason } });
}
