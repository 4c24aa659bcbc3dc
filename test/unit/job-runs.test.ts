import { describe, expect, it } from 'vitest';
import type { JobRun, JobRuns } from '../../functions/jobs/interfaces.js';
import { reportKeysOf, runRequested, startJob } from '../../functions/jobs/job-runs.js';

class MemoryRuns implements JobRuns {
  readonly runs = new Map<string, JobRun>();
  async queue(run: JobRun) {
    this.runs.set(run.jobId, { ...run });
  }
  async get(jobId: string) {
    return this.runs.get(jobId);
  }
  async markRunning(jobId: string, at: string) {
    const run = this.runs.get(jobId);
    if (!run || run.status === 'done') return false;
    this.runs.set(jobId, { ...run, status: 'running', startedAt: at });
    return true;
  }
  async markDone(jobId: string, at: string, result: unknown, reportKeys: string[]) {
    this.runs.set(jobId, { ...(this.runs.get(jobId) as JobRun), status: 'done', finishedAt: at, result, reportKeys });
  }
  async markFailed(jobId: string, at: string, reason: string) {
    this.runs.set(jobId, { ...(this.runs.get(jobId) as JobRun), status: 'failed', finishedAt: at, reason });
  }
}

const now = () => new Date('2026-11-28T12:00:00Z');

describe('jobs started on request', () => {
  it('queues the run, hands it over, and records its result and report keys once it has run', async () => {
    const runs = new MemoryRuns();
    const handed: unknown[] = [];
    const run = await startJob(
      { runs, invoker: { invoke: async (r) => void handed.push(r) }, newId: () => 'job-1', now },
      'weekly-report',
      { lookbackDays: 7 },
      'hq-user',
    );
    expect(run).toMatchObject({ jobId: 'job-1', status: 'queued', requestedBy: 'hq-user', lookbackDays: 7 });
    expect(handed).toEqual([{ job: 'weekly-report', jobId: 'job-1', lookbackDays: 7 }]);
    const result = { keys: { html: 'weekly/a.html', csv: 'weekly/a.csv' } };
    expect(await runRequested(runs, { job: 'weekly-report', jobId: 'job-1' }, async () => result, now)).toBe(result);
    expect(await runs.get('job-1')).toMatchObject({
      status: 'done',
      result,
      reportKeys: ['weekly/a.html', 'weekly/a.csv'],
    });
  });

  it('records a run that could not be handed over as failed, and says so to the caller', async () => {
    const runs = new MemoryRuns();
    const invoker = {
      invoke: async () => {
        throw new Error('throttled');
      },
    };
    await expect(startJob({ runs, invoker, newId: () => 'job-2', now }, 'metrics', {}, 'hq')).rejects.toThrow(
      'throttled',
    );
    expect(await runs.get('job-2')).toMatchObject({ status: 'failed', reason: expect.stringContaining('could not') });
  });

  it('records a failing job with its reason, and runs a repeated delivery of a finished run no more', async () => {
    const runs = new MemoryRuns();
    await runs.queue({ jobId: 'j', job: 'metrics', status: 'queued', requestedBy: 'hq', requestedAt: '' });
    const failing = async () => {
      throw new Error('no metrics table');
    };
    expect(await runRequested(runs, { job: 'metrics', jobId: 'j' }, failing, now)).toBeUndefined();
    expect(await runs.get('j')).toMatchObject({ status: 'failed', reason: 'no metrics table' });
    let ran = 0;
    await runRequested(runs, { job: 'metrics', jobId: 'j' }, async () => ++ran, now);
    await runRequested(runs, { job: 'metrics', jobId: 'j' }, async () => ++ran, now);
    expect(ran).toBe(1);
    expect(await runs.get('j')).toMatchObject({ status: 'done', result: 1 });
  });

  it('finds report keys under keys or key, and none in other results', () => {
    expect(reportKeysOf({ key: 'analyses/x.html' })).toEqual(['analyses/x.html']);
    expect(reportKeysOf({ keys: ['a', 'b', 3] })).toEqual(['a', 'b']);
    expect(reportKeysOf({ rowsWritten: 4 })).toEqual([]);
    expect(reportKeysOf(null)).toEqual([]);
  });
});
