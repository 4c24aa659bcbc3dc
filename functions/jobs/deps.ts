// The jobs' adapters, built once per process from the validated config.
import {
  DynamoMetricsStore,
  DynamoPolicyStore,
  DynamoRecordReader,
  DynamoUploadQuality,
} from '../adapters/metrics-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { DynamoReferralRepository } from '../adapters/referral-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { S3ReportFiles } from '../adapters/s3-report-files.js';
import { SesRawMailer } from '../adapters/ses-raw-mailer.js';
import { SfnSurgeLauncher } from '../adapters/sfn-surge-launcher.js';
import { DynamoSurgeRepository } from '../adapters/surge-repository.js';
import { defaultAddresses } from '../domain/referrals.js';
import type { Receipt } from '../domain/uploads/receipt.js';
import { policyTimeline } from '../policy/timeline.js';
import { loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { FUNCTION_ENV } from '../shared/function-env.js';
import { createS3 } from '../shared/s3-client.js';
import { createSfn } from '../shared/sfn-client.js';
import type { JobDeps } from './run-job.js';

export function createJobDeps(): JobDeps {
  const config = loadConfig(FUNCTION_ENV.jobs);
  const db = createDynamoDb(config);
  const s3 = createS3(config);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  const surges = new DynamoSurgeRepository(db, config.OPERATIONS_TABLE);
  const policy = new DynamoPolicyStore(db, config.CONTROL_TABLE);
  const files = new S3ReportFiles(s3, config.REPORTS_BUCKET);
  const mailer = new SesRawMailer(
    async () => (await import('../shared/ses-client.js')).createSes(config),
    config.MAIL_FROM,
    config.MAIL_CONFIGURATION_SET,
  );
  const uploads = config.UPLOADS_BUCKET ? new S3ObjectStore(s3, config.UPLOADS_BUCKET) : undefined;
  return {
    records: new DynamoRecordReader(db, config.RECORDS_TABLE),
    metrics: new DynamoMetricsStore(db, config.METRICS_TABLE),
    quality: new DynamoUploadQuality(db, config.CONTROL_TABLE),
    policy,
    policyHistory: () => policyTimeline(policy),
    ...(uploads ? { receipt: (key: string) => uploads.getJson<Receipt>(key) } : {}),
    decisionSlaHours: config.REFERRAL_DECISION_SLA_SECONDS / 3600,
    referrals: new DynamoReferralRepository(db, config.REFERRALS_TABLE),
    surges,
    ...(config.SURGE_STATE_MACHINE_ARN
      ? { scheduling: { surges, launcher: new SfnSurgeLauncher(createSfn(config), config.SURGE_STATE_MACHINE_ARN) } }
      : {}),
    ports: () => ports.registry(),
    now: () => new Date(),
    hqEmail: config.HQ_EMAIL,
    addresses: defaultAddresses(config.NOTIFY_DOMAIN, config.HQ_EMAIL),
    output: {
      putObject: (key, body, contentType) => files.putObject(key, body, contentType),
      sendRaw: (message) => mailer.sendRaw(message),
    },
  };
}
