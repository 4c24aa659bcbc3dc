// The local cloud's account, region and resource names, and the environment the functions read them from.
import { TABLE_SPECS } from '../functions/shared/tables.js';
import type { Endpoints } from './endpoints.js';
import { STATE_MACHINES } from './workflows.js';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';
export const NAME_PREFIX = 'outbound';
/** The SES emulator takes the configuration set's name and, like SES, sends through it; it has no TLS to require. */
const LOCAL_MAIL_CONFIGURATION_SET = 'outbound-mail';

export const UPLOADS_BUCKET = `${NAME_PREFIX}-uploads`;
export const REPORTS_BUCKET = `${NAME_PREFIX}-reports`;
/** Table id → the local table's name. */
export const TABLES: Record<string, string> = Object.fromEntries(
  TABLE_SPECS.map((spec) => [spec.id, `${NAME_PREFIX}-${spec.id}`]),
);

/** The environment the functions read their config from; the same variables the CDK app sets in AWS. */
export function functionEnvironment(endpoints: Endpoints): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: endpoints.region,
    OUTBOUND_DYNAMODB_ENDPOINT: endpoints.dynamodb,
    OUTBOUND_S3_ENDPOINT: endpoints.s3,
    OUTBOUND_SFN_ENDPOINT: endpoints.stepfunctions,
    OUTBOUND_SES_ENDPOINT: endpoints.ses,
    OUTBOUND_LAMBDA_ENDPOINT: endpoints.lambda,
    CONSOLE_URL: endpoints.web,
    JOBS_FUNCTION_NAME: `${NAME_PREFIX}-jobs`,
    UPLOADS_BUCKET: endpoints.uploadsBucket,
    REPORTS_BUCKET: endpoints.reportsBucket,
    MAIL_CONFIGURATION_SET: LOCAL_MAIL_CONFIGURATION_SET,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
  for (const spec of TABLE_SPECS) env[spec.envVar] = endpoints.tables[spec.id] as string;
  for (const machine of STATE_MACHINES) {
    const arn = endpoints.stateMachines[machine.id];
    if (arn) env[machine.envVar] = arn;
  }
  return env;
}
