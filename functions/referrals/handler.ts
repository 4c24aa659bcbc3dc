// The referral workflow's task Lambda: one step per invocation, named by `action`.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { DynamoInspectionReader } from '../adapters/dynamo-inspection-reader.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { DynamoReferralRepository } from '../adapters/referral-repository.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { defaultAddresses } from '../domain/referrals.js';
import { loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { FUNCTION_ENV } from '../shared/function-env.js';
import { logger } from '../shared/logger.js';
import { createSes } from '../shared/ses-client.js';
import { classifyFailures } from '../shared/transient.js';
import { parseTaskInput, type ReferralTaskDeps, runTask } from './tasks.js';

let deps: ReferralTaskDeps | undefined;

function createDeps(): ReferralTaskDeps {
  const config = loadConfig(FUNCTION_ENV.referrals);
  const db = createDynamoDb(config);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  const inspections = new DynamoInspectionReader(db, config.RECORDS_TABLE);
  return {
    referrals: new DynamoReferralRepository(db, config.REFERRALS_TABLE),
    mailer: new SesMailer(createSes(config), config.MAIL_FROM, config.MAIL_CONFIGURATION_SET),
    inspection: (portCode, recordId) => inspections.inspection(portCode, recordId),
    ports: () => ports.registry(),
    addresses: defaultAddresses(config.NOTIFY_DOMAIN, config.HQ_EMAIL),
    links: { console: config.CONSOLE_URL, api: config.PUBLIC_API_URL },
    now: () => new Date(),
  };
}

export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const input = parseTaskInput(event);
    deps ??= createDeps();
    const output = await classifyFailures(() => runTask(deps as ReferralTaskDeps, input));
    logger.info('referral step', {
      action: input.action,
      referralId: 'referralId' in input ? input.referralId : input.request.referralId,
    });
    return output;
  });
