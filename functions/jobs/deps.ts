// The jobs' adapters, built once per process from the validated config.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DynamoMetricsStore,
  DynamoPolicyStore,
  DynamoRecordReader,
  DynamoUploadQuality,
} from '../adapters/metrics-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { DynamoReferralRepository } from '../adapters/referral-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { SfnSurgeLauncher } from '../adapters/sfn-surge-launcher.js';
import { DynamoSurgeRepository } from '../adapters/surge-repository.js';
import { defaultAddresses } from '../domain/referrals.js';
import type { Receipt } from '../domain/uploads/receipt.js';
import { policyTimeline } from '../policy/timeline.js';
import type { ReportOutput } from '../reports/interfaces.js';
import { type Config, loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { FUNCTION_ENV } from '../shared/function-env.js';
import { createS3 } from '../shared/s3-client.js';
import { createSfn } from '../shared/sfn-client.js';
import { SharedValue } from '../shared/shared-value.js';
import type { JobDeps } from './run-job.js';

export function createJobDeps(): JobDeps {
  const config = loadConfig(FUNCTION_ENV.jobs);
  const db = createDynamoDb(config);
  const s3 = createS3(config);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  const surges = new DynamoSurgeRepository(db, config.OPERATIONS_TABLE);
  const policy = new DynamoPolicyStore(db, config.CONTROL_TABLE);
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
      putObject: async (key, body, contentType) => {
        await s3.send(
          new PutObjectCommand({ Bucket: config.REPORTS_BUCKET, Key: key, Body: body, ContentType: contentType }),
        );
      },
      sendRaw: rawMailer(config),
    },
  };
}

/** The mail path (SES client, MIME composer) loads on the first send: the API shares these adapters and seldom sends. */
function rawMailer(config: Config): ReportOutput['sendRaw'] {
  const sender = new SharedValue<ReportOutput['sendRaw']>();
  const load = async (): Promise<ReportOutput['sendRaw']> => {
    const [{ createSes }, { SendEmailCommand }, { default: MailComposer }] = await Promise.all([
      import('../shared/ses-client.js'),
      import('@aws-sdk/client-sesv2'),
      import('nodemailer/lib/mail-composer/index.js'),
    ]);
    const ses = createSes(config);
    return async (message) => {
      const raw = await new MailComposer({ from: config.MAIL_FROM, ...message }).compile().build();
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: config.MAIL_FROM,
          ConfigurationSetName: config.MAIL_CONFIGURATION_SET,
          Destination: { ToAddresses: message.to },
          Content: { Raw: { Data: raw } },
        }),
      );
    };
  };
  return async (message) => (await sender.get('loaded', load))(message);
}
