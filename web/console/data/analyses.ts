// The analyses API area: the what-if estimate (POST /analyses/what-if).
import type { WhatIfEstimate } from '../../../functions/domain/analyses/what-if.js';
import type { Proposal } from '../../../functions/domain/analyses/what-if-proposal.js';
import { apiFetch } from '../../shared/api.js';

export type { Proposal, WhatIfEstimate };

export function estimateWhatIf(proposal: Proposal, signal?: AbortSignal): Promise<WhatIfEstimate> {
  return apiFetch<WhatIfEstimate>('/analyses/what-if', {
    method: 'POST',
    body: proposal,
    ...(signal ? { signal } : {}),
  });
}
