// What each function reads from its environment in AWS. loadConfig insists on these at cold start, and
// test/infra/stacks.test.ts checks that the CDK app sets exactly these on each function (locally every function gets
// every variable, so only that test catches a missing binding before AWS does).
import type { Config } from './config.js';

const MAIL = ['MAIL_FROM', 'HQ_EMAIL', 'NOTIFY_DOMAIN', 'MAIL_CONFIGURATION_SET'] as const;

const JOBS = [
  'RECORDS_TABLE',
  'METRICS_TABLE',
  'CONTROL_TABLE',
  'REFERRALS_TABLE',
  'OPERATIONS_TABLE',
  'REPORTS_BUCKET',
  'UPLOADS_BUCKET',
  'SURGE_STATE_MACHINE_ARN',
  ...MAIL,
] as const;

export const FUNCTION_ENV = {
  /** The API only starts jobs (in the jobs function); it reads none of the jobs' settings. */
  api: [
    'CONTROL_TABLE',
    'UPLOADS_BUCKET',
    'REFERRALS_TABLE',
    'METRICS_TABLE',
    'OPERATIONS_TABLE',
    'SURGE_STATE_MACHINE_ARN',
    'JOBS_FUNCTION_NAME',
    'REPORTS_BUCKET',
  ],
  ingest: [
    'RECORDS_TABLE',
    'CONTROL_TABLE',
    'UPLOADS_BUCKET',
    'REFERRAL_STATE_MACHINE_ARN',
    'REFERRAL_DECISION_SLA_SECONDS',
    'REFERRAL_AGENCY_SLA_SECONDS',
  ],
  referrals: ['REFERRALS_TABLE', 'RECORDS_TABLE', 'CONTROL_TABLE', 'PUBLIC_API_URL', 'CONSOLE_URL', ...MAIL],
  surges: ['OPERATIONS_TABLE', 'METRICS_TABLE', 'RECORDS_TABLE', 'CONTROL_TABLE', ...MAIL],
  jobs: JOBS,
} as const satisfies Record<string, readonly (keyof Config)[]>;

export type FunctionName = keyof typeof FUNCTION_ENV;
