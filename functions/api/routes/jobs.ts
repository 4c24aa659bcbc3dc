// Jobs on request: the API queues a run and hands it to the jobs function (202 with its id); GET /jobs/{id} follows it.
import * as z from 'zod/mini';
import '../../domain/zod-locale.js';
import { PERIOD_PATTERN } from '../../domain/analyses/periods.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { once } from '../../domain/once.js';
import type { JobRun } from '../../jobs/interfaces.js';
import { JOB_NAMES, type JobName } from '../../jobs/job-names.js';
import { isJobName, startJob } from '../../jobs/job-runs.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Request, type Route } from '../router.js';
import { parseId, parseInput } from '../validation.js';
import { MAX_RANGE_DAYS } from './metrics.js';

const JobQuery = once(() =>
  z.object({
    lookbackDays: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_RANGE_DAYS))),
    period: z.optional(
      z
        .string()
        .check(z.regex(PERIOD_PATTERN, 'period is a quarter (2026-Q3), a fiscal year (FY2026) or a month (2026-11)')),
    ),
  }),
);

const view = (run: JobRun) => ({ ...run, href: `/jobs/${run.jobId}` });

async function start(request: Request<ApiDeps>, job: JobName) {
  const caller = callerOf(request);
  const { lookbackDays, period } = parseInput(JobQuery(), request.query, 'query');
  const options = { ...(lookbackDays ? { lookbackDays } : {}), ...(period ? { period } : {}) };
  const run = await startJob(request.deps.jobs, job, options, caller.subject);
  return json(202, view(run), { location: `/jobs/${run.jobId}` });
}

export function jobRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'POST',
      path: '/jobs/{name}',
      roles: ['hq'],
      summary: `start a scheduled job now (${JOB_NAMES.join(', ')}): 202 with the job id to follow`,
      handle: async (request) => {
        const name = request.params.name ?? '';
        if (!isJobName(name))
          throw new ValidationError('unknown job', [{ field: 'name', message: `one of ${JOB_NAMES.join(', ')}` }]);
        return start(request, name);
      },
    },
    {
      method: 'GET',
      path: '/jobs/{id}',
      roles: ['hq'],
      summary: 'a started job: queued, running, done (with its result and report keys) or failed (with the reason)',
      handle: async (request) => {
        const run = await request.deps.jobs.runs.get(parseId(request.params.id, 'job'));
        if (!run) throw new NotFoundError(`no job ${request.params.id}`);
        return json(200, view(run));
      },
    },
    {
      method: 'POST',
      path: '/reports/weekly',
      roles: ['hq'],
      summary: 'build and send the weekly headquarters report now: 202 with the job id to follow',
      handle: (request) => start(request, 'weekly-report'),
    },
  ];
}
