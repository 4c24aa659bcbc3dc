// The surge operations area of the API.
import type { HistoryEntry, Surge, SurgeRequest } from '../../../functions/domain/surges.js';
import { apiFetch } from '../../shared/api.js';

export type { HistoryEntry, Surge, SurgeRequest };
export type SurgeWithHistory = Surge & { history: HistoryEntry[] };

export async function listSurges(status?: string, port?: string): Promise<Surge[]> {
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(port ? { port } : {}) }).toString();
  return (await apiFetch<{ surges: Surge[] }>(`/surges${query ? `?${query}` : ''}`)).surges;
}

export function getSurge(id: string): Promise<SurgeWithHistory> {
  return apiFetch<SurgeWithHistory>(`/surges/${encodeURIComponent(id)}`);
}

export function scheduleSurge(request: SurgeRequest): Promise<{ surgeId: string }> {
  return apiFetch<{ surgeId: string }>('/surges', { method: 'POST', body: request });
}

export function cancelSurge(id: string, reason: string): Promise<unknown> {
  return apiFetch(`/surges/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: { reason } });
}
