// The jobs and reports area of the API: run a scheduled job now and follow it; the reports kept.
import type { KeptReport } from '../../../functions/reports/interfaces.js';
import { apiFetch } from '../../shared/api.js';

export const JOBS = [
  { name: 'metrics', label: 'Metrics recompute' },
  { name: 'compliance', label: 'Compliance check' },
  { name: 'weekly-report', label: 'Weekly report' },
  { name: 'cost-benefit', label: 'Cost-benefit analysis' },
  { name: 'infrastructure', label: 'Infrastructure and connectivity assessment' },
] as const;

export interface JobStatus {
  jobId?: string;
  status: string;
  result?: unknown;
  error?: string;
}

/** Starts a job: the API answers 202 with the run (queued), followed with GET /jobs/{id} until done or failed. */
export async function startJob(name: string): Promise<JobStatus> {
  const run = await apiFetch<{ jobId: string; status: string }>(`/jobs/${encodeURIComponent(name)}`, {
    method: 'POST',
  });
  return { jobId: run.jobId, status: run.status };
}

export function jobStatus(id: string): Promise<JobStatus> {
  return apiFetch<JobStatus>(`/jobs/${encodeURIComponent(id)}`);
}

export type { KeptReport };

export async function listReports(): Promise<KeptReport[]> {
  return (await apiFetch<{ reports: KeptReport[] }>('/reports')).reports;
}
