// The scheduled-jobs Lambda: EventBridge Scheduler (or `POST /jobs/{name}`) names the job to run.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { PERIOD_PATTERN } from '../domain/analyses/periods.js';
import { logger } from '../shared/logger.js';
import { createReportingDeps } from './deps.js';
import { JOB_NAMES, runJob } from './run-job.js';
import type { WeeklyDeps } from './weekly.js';

let deps: WeeklyDeps | undefined;
const JobEvent = z.object({
  job: z.enum(JOB_NAMES),
  lookbackDays: z.int().min(1).max(400).optional(),
  /** The period of an analysis: 2026-Q3 or FY2026 (cost-benefit), 2026-11 (infrastructure). */
  period: z.string().regex(PERIOD_PATTERN).optional(),
});

export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const { job, lookbackDays, period } = JobEvent.parse(event);
    deps ??= createReportingDeps();
    const started = Date.now();
    const result = await runJob(deps, job, {
      ...(lookbackDays === undefined ? {} : { lookbackDays }),
      ...(period === undefined ? {} : { period }),
    });
    logger.info('job done', { job, ms: Date.now() - started });
    return result;
  });
