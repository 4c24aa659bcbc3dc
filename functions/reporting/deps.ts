// The reporting jobs' adapters, built once per process from the validated config.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { MetricsStore, PolicyStore, RecordReader, UploadQuality } from '../adapters/metrics-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { ReferralRepository } from '../adapters/referral-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { SurgeRepository } from '../adapters/surge-repository.js';
import { PolicySchema } from '../domain/policy.js';
import { defaultAddresses } from '../domain/referrals.js';
import type { Receipt } from '../domain/uploads/receipt.js';
import { type Config, loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { FUNCTION_ENV } from '../shared/function-env.js';
import { createS3 } from '../shared/s3-client.js';
import { createSfn } from '../shared/sfn-client.js';
import { SharedValue } from '../shared/shared-value.js';
import { SurgeLauncher } from '../surges/launcher.js';
import type { ReportOutput, WeeklyDeps } from './weekly.js';

export function createReportingDeps(): WeeklyDeps {
  const config = loadConfig(FUNCTION_ENV.jobs);
  const db = createDynamoDb(config);
  const s3 = createS3(config);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  const surges = new SurgeRepository(db, config.OPERATIONS_TABLE);
  const policy = new PolicyStore(db, config.CONTROL_TABLE);
  const uploads = config.UPLOADS_BUCKET ? new S3ObjectStore(s3, config.UPLOADS_BUCKET) : undefined;
  return {
    records: new RecordReader(db, config.RECORDS_TABLE),
    metrics: new MetricsStore(db, config.METRICS_TABLE),
    quality: new UploadQuality(db, config.CONTROL_TABLE),
    policy,
    policyHistory: async () =>
      (await policy.history())
        .sort((a, b) => a.version - b.version)
        .map((entry) => ({ at: entry.at, policy: PolicySchema.parse(entry.policy) })),
    ...(uploads ? { receipt: (key: string) => uploads.getJson<Receipt>(key) } : {}),
    decisionSlaHours: config.REFERRAL_DECISION_SLA_SECONDS / 3600,
    referrals: new ReferralRepository(db, config.REFERRALS_TABLE),
    surges,
    ...(config.SURGE_STATE_MACHINE_ARN
      ? { scheduling: { surges, launcher: new SurgeLauncher(createSfn(config), config.SURGE_STATE_MACHINE_ARN) } }
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
    const [{ createSes }, { SendEmailCommand }, { MailComposer }] = await Promise.all([
      import('../shared/ses-client.js'),
      import('@aws-sdk/client-sesv2'),
      import('./mail-composer.js'),
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
