// The jobs Lambda: EventBridge Scheduler names the job to run; a run started by `POST /jobs/{name}` also carries its
// job id, and its start and end are recorded for `GET /jobs/{id}`.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { once } from '../domain/once.js';
import '../domain/zod-locale.js';
import { DynamoJobRuns } from '../adapters/dynamo-job-runs.js';
import { PERIOD_PATTERN } from '../domain/analyses/periods.js';
import { loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { logger } from '../shared/logger.js';
import { parseEvent } from '../shared/parse-event.js';
import { createJobDeps } from './deps.js';
import { JOB_NAMES } from './job-names.js';
import { runRequested } from './job-runs.js';
import { type JobDeps, runJob } from './run-job.js';

let deps: { jobs: JobDeps; runs: DynamoJobRuns } | undefined;
/** Built by the first event the function receives. */
const jobEventSchema = once(() =>
  z.object({
    job: z.enum(JOB_NAMES),
    jobId: z.optional(z.string().check(z.minLength(1))),
    lookbackDays: z.optional(z.int().check(z.minimum(1), z.maximum(400))),
    /** The period of an analysis: 2026-Q3 or FY2026 (cost-benefit), 2026-11 (infrastructure). */
    period: z.optional(z.string().check(z.regex(PERIOD_PATTERN))),
  }),
);

function createDeps() {
  const config = loadConfig(['CONTROL_TABLE']);
  return { jobs: createJobDeps(), runs: new DynamoJobRuns(createDynamoDb(config), config.CONTROL_TABLE) };
}

export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const { job, jobId, lookbackDays, period } = parseEvent(jobEventSchema(), event);
    deps ??= createDeps();
    const { jobs, runs } = deps;
    const started = Date.now();
    const options = {
      ...(lookbackDays === undefined ? {} : { lookbackDays }),
      ...(period === undefined ? {} : { period }),
    };
    const run = () => runJob(jobs, job, options);
    const result = jobId ? await runRequested(runs, { job, jobId, ...options }, run) : await run();
    logger.info('job ended', { job, jobId, ms: Date.now() - started });
    return result;
  });
