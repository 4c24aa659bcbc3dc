// The surge workflow's task Lambda: one step per invocation, named by `action`.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { DynamoMetricsStore, DynamoPolicyStore, DynamoRecordReader } from '../adapters/metrics-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { DynamoSurgeRepository } from '../adapters/surge-repository.js';
import { defaultAddresses } from '../domain/referrals.js';
import { loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { FUNCTION_ENV } from '../shared/function-env.js';
import { logger } from '../shared/logger.js';
import { parseEvent } from '../shared/parse-event.js';
import { createSes } from '../shared/ses-client.js';
import { classifyFailures } from '../shared/transient.js';
import type { SurgeTaskDeps } from './interfaces.js';
import { runSurgeTask, surgeTaskInputSchema } from './tasks.js';

let deps: SurgeTaskDeps | undefined;

function createDeps(): SurgeTaskDeps {
  const config = loadConfig(FUNCTION_ENV.surges);
  const db = createDynamoDb(config);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  return {
    surges: new DynamoSurgeRepository(db, config.OPERATIONS_TABLE),
    metrics: new DynamoMetricsStore(db, config.METRICS_TABLE),
    records: new DynamoRecordReader(db, config.RECORDS_TABLE),
    policy: new DynamoPolicyStore(db, config.CONTROL_TABLE),
    ports: () => ports.registry(),
    mailer: new SesMailer(createSes(config), config.MAIL_FROM, config.MAIL_CONFIGURATION_SET),
    addresses: defaultAddresses(config.NOTIFY_DOMAIN, config.HQ_EMAIL),
    now: () => new Date(),
  };
}

export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const input = parseEvent(surgeTaskInputSchema(), event);
    deps ??= createDeps();
    const output = await classifyFailures(() => runSurgeTask(deps as SurgeTaskDeps, input));
    logger.info('surge step', { action: input.action, surgeId: input.surgeId });
    return output;
  });
