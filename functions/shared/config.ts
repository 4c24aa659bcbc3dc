// The one validated view of the environment, read once at cold start.
import * as z from 'zod';
import { ConfigError } from '../domain/errors.js';

const optionalUrl = z.string().url().optional();

export const ConfigSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Local endpoints; unset in AWS, where the SDK's defaults apply. */
  OUTBOUND_DYNAMODB_ENDPOINT: optionalUrl,
  OUTBOUND_S3_ENDPOINT: optionalUrl,
  OUTBOUND_SFN_ENDPOINT: optionalUrl,
  OUTBOUND_SES_ENDPOINT: optionalUrl,
  OUTBOUND_LAMBDA_ENDPOINT: optionalUrl,
  RECORDS_TABLE: z.string().min(1).optional(),
  REFERRALS_TABLE: z.string().min(1).optional(),
  OPERATIONS_TABLE: z.string().min(1).optional(),
  METRICS_TABLE: z.string().min(1).optional(),
  CONTROL_TABLE: z.string().min(1).optional(),
  UPLOADS_BUCKET: z.string().min(1).optional(),
  REPORTS_BUCKET: z.string().min(1).optional(),
  REFERRAL_STATE_MACHINE_ARN: z.string().min(1).optional(),
  SURGE_STATE_MACHINE_ARN: z.string().min(1).optional(),
  /** The jobs function, which the API hands requested runs to. */
  JOBS_FUNCTION_NAME: z.string().min(1).optional(),
  MAIL_FROM: z.string().email().default('outbound-noreply@outbound.example.gov'),
  /** The SES configuration set every mail is sent through (in AWS it requires TLS for delivery). */
  MAIL_CONFIGURATION_SET: z.string().min(1).optional(),
  HQ_EMAIL: z.string().email().default('outbound-hq@outbound.example.gov'),
  /** Where notification emails go: supervisors-{port}@, director-{port}@, referrals-{agency}@ this domain. */
  NOTIFY_DOMAIN: z.string().min(3).default('outbound.example.gov'),
  /** The API address printed in emails (the CLI command is given too). */
  PUBLIC_API_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** The console's address: a referral's email links to its page there (to read it; nothing is decided by a link). */
  CONSOLE_URL: z.string().url().default('http://127.0.0.1:8080'),
  REFERRAL_DECISION_SLA_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3600),
  REFERRAL_AGENCY_SLA_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(72 * 3600),
  /** How long a seizure's referral requests wait in the outbox before the sweep starts them in the ingest's stead. */
  REFERRAL_OUTBOX_GRACE_SECONDS: z.coerce.number().int().min(0).default(120),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** Attempts per AWS SDK call, retries included (the SDK's default is 3; DynamoDB throttling warrants more). */
  SDK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  POWERTOOLS_SERVICE_NAME: z.string().default('outbound'),
});
export type Config = z.infer<typeof ConfigSchema>;

type WithRequired<K extends keyof Config> = Config & { [P in K]-?: NonNullable<Config[P]> };

/** Validates the environment and insists on the settings the calling function needs. */
export function loadConfig<K extends keyof Config>(
  required: readonly K[] = [],
  env: Record<string, string | undefined> = process.env,
): WithRequired<K> {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${issues.join('; ')}`);
  }
  const missing = required.filter((key) => parsed.data[key] === undefined);
  if (missing.length > 0) throw new ConfigError(`missing configuration: ${missing.join(', ')}`);
  return parsed.data as WithRequired<K>;
}
