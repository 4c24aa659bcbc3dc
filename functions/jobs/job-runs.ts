// Jobs started on request: the API queues a run and hands it to the jobs function, which runs it and records how it
// ended; `GET /jobs/{id}` reads the record.
import type { JobInvoker, JobOptions, JobRequest, JobRun, JobRuns } from './interfaces.js';
import { JOB_NAMES, type JobName } from './job-names.js';

export interface StartJobDeps {
  runs: Pick<JobRuns, 'queue' | 'markFailed'>;
  invoker: JobInvoker;
  newId: () => string;
  now: () => Date;
}

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** Queues a run and hands it to the jobs function; a run that could not be handed over is recorded as failed. */
export async function startJob(deps: StartJobDeps, job: JobName, options: JobOptions, by: string): Promise<JobRun> {
  const run: JobRun = {
    jobId: deps.newId(),
    job,
    status: 'queued',
    requestedBy: by,
    requestedAt: deps.now().toISOString(),
    ...options,
  };
  await deps.runs.queue(run);
  try {
    await deps.invoker.invoke({ job, jobId: run.jobId, ...options });
  } catch (error) {
    await deps.runs.markFailed(run.jobId, deps.now().toISOString(), 'the jobs function could not be started');
    throw error;
  }
  return run;
}

/** The report keys in a job's result: `keys` (an object of keys) or `key`, as the report jobs return them. */
export function reportKeysOf(result: unknown): string[] {
  if (typeof result !== 'object' || result === null) return [];
  const { keys, key } = result as { keys?: unknown; key?: unknown };
  const all = [
    ...(typeof keys === 'object' && keys !== null ? Object.values(keys) : Array.isArray(keys) ? keys : []),
    ...(key !== undefined ? [key] : []),
  ];
  return all.flat().filter((k): k is string => typeof k === 'string');
}

/**
 * Runs a requested job and records its end. A failure is recorded with its reason and not thrown again: the run's
 * record is where it is answered, and a person starts it anew (Lambda's own retries would run it twice).
 */
export async function runRequested(
  runs: Pick<JobRuns, 'markRunning' | 'markDone' | 'markFailed'>,
  request: JobRequest,
  run: () => Promise<unknown>,
  now: () => Date = () => new Date(),
): Promise<unknown> {
  if (!(await runs.markRunning(request.jobId, now().toISOString()))) return undefined;
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    await runs.markFailed(request.jobId, now().toISOString(), error instanceof Error ? error.message : String(error));
    return undefined;
  }
  await runs.markDone(request.jobId, now().toISOString(), result, reportKeysOf(result));
  return result;
}
