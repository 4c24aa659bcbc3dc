// What the jobs started on request need: where their runs are kept, and the jobs function to hand a run to. The
// adapters implement them (DynamoDB, Lambda's asynchronous invoke).
import type { JobName } from './job-names.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobOptions {
  lookbackDays?: number;
  /** The period of an analysis: 2026-Q3 or FY2026 (cost-benefit), 2026-11 (infrastructure). */
  period?: string;
}

/** What the jobs function receives for a run started on request (a scheduled run has no `jobId`). */
export interface JobRequest extends JobOptions {
  job: JobName;
  jobId: string;
}

export interface JobRun extends JobOptions {
  jobId: string;
  job: JobName;
  status: JobStatus;
  requestedBy: string;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** What the job returned (done only). */
  result?: unknown;
  /** The reports bucket keys the job wrote (done only). */
  reportKeys?: string[];
  /** Why it failed (failed only). */
  reason?: string;
}

/** Where runs are kept. `markRunning` answers false when the run is already done (a repeated delivery). */
export interface JobRuns {
  queue(run: JobRun): Promise<void>;
  get(jobId: string): Promise<JobRun | undefined>;
  markRunning(jobId: string, at: string): Promise<boolean>;
  markDone(jobId: string, at: string, result: unknown, reportKeys: string[]): Promise<void>;
  markFailed(jobId: string, at: string, reason: string): Promise<void>;
}

/** Hands a run to the jobs function and returns at once (Lambda's asynchronous invoke). */
export interface JobInvoker {
  invoke(request: JobRequest): Promise<void>;
}
