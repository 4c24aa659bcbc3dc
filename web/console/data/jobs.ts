// The jobs and reports area of the API: run a scheduled job now and follow it; the reports kept.
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

/** Starts a job; the API answers 202 with a job id (followed with GET /jobs/{id}), or with the finished result. */
export async function startJob(name: string): Promise<JobStatus> {
  const answer = await apiFetch<{ jobId?: string; id?: string; status?: string; result?: unknown }>(
    `/jobs/${encodeURIComponent(name)}`,
    { method: 'POST' },
  );
  const jobId = answer.jobId ?? answer.id;
  return jobId ? { jobId, status: answer.status ?? 'RUNNING' } : { status: 'SUCCEEDED', result: answer.result };
}

export function jobStatus(id: string): Promise<JobStatus> {
  return apiFetch<JobStatus>(`/jobs/${encodeURIComponent(id)}`);
}

export interface KeptReport {
  key: string;
  kind?: string;
  createdAt?: string;
  url?: string;
  title?: string;
}

export async function listReports(): Promise<KeptReport[]> {
  return (await apiFetch<{ reports: KeptReport[] }>('/reports')).reports;
}
