// The one validated view of the environment, read once at cold start.
import * as z from 'zod/mini';
import '../domain/zod-locale.js';
import { ConfigError } from '../domain/errors.js';
import { once } from '../domain/once.js';

const optionalUrl = () => z.optional(z.url());
const optionalName = () => z.optional(z.string().check(z.minLength(1)));
const positiveInt = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** Built by the first invocation, which validates the environment with it (a cold start's first, not its load). */
const configSchema = once(() =>
  z.object({
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
    /** Local endpoints; unset in AWS, where the SDK's defaults apply. */
    OUTBOUND_DYNAMODB_ENDPOINT: optionalUrl(),
    OUTBOUND_S3_ENDPOINT: optionalUrl(),
    OUTBOUND_SFN_ENDPOINT: optionalUrl(),
    OUTBOUND_SES_ENDPOINT: optionalUrl(),
    OUTBOUND_LAMBDA_ENDPOINT: optionalUrl(),
    RECORDS_TABLE: optionalName(),
    REFERRALS_TABLE: optionalName(),
    OPERATIONS_TABLE: optionalName(),
    METRICS_TABLE: optionalName(),
    CONTROL_TABLE: optionalName(),
    UPLOADS_BUCKET: optionalName(),
    REPORTS_BUCKET: optionalName(),
    REFERRAL_STATE_MACHINE_ARN: optionalName(),
    SURGE_STATE_MACHINE_ARN: optionalName(),
    /** The jobs function, which the API hands requested runs to. */
    JOBS_FUNCTION_NAME: optionalName(),
    MAIL_FROM: z._default(z.email(), 'outbound-noreply@outbound.example.gov'),
    /** The SES configuration set every mail is sent through (in AWS it requires TLS for delivery). */
    MAIL_CONFIGURATION_SET: optionalName(),
    HQ_EMAIL: z._default(z.email(), 'outbound-hq@outbound.example.gov'),
    /** Where notification emails go: supervisors-{port}@, director-{port}@, referrals-{agency}@ this domain. */
    NOTIFY_DOMAIN: z._default(z.string().check(z.minLength(3)), 'outbound.example.gov'),
    /** The API address printed in emails (the CLI command is given too). */
    PUBLIC_API_URL: z._default(z.url(), 'http://127.0.0.1:3000'),
    /** The console's address: a referral's email links to its page there (to read it; nothing is decided by a link). */
    CONSOLE_URL: z._default(z.url(), 'http://127.0.0.1:8080'),
    REFERRAL_DECISION_SLA_SECONDS: positiveInt(24 * 3600),
    REFERRAL_AGENCY_SLA_SECONDS: positiveInt(72 * 3600),
    /** How long a seizure's referral requests wait in the outbox before the sweep starts them in the ingest's stead. */
    REFERRAL_OUTBOX_GRACE_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 120),
    MAX_UPLOAD_BYTES: positiveInt(100 * 1024 * 1024),
    /** Attempts per AWS SDK call, retries included (the SDK's default is 3; DynamoDB throttling warrants more). */
    SDK_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(20)), 6),
    POWERTOOLS_SERVICE_NAME: z._default(z.string(), 'outbound'),
  }),
);
export type Config = z.infer<ReturnType<typeof configSchema>>;

type WithRequired<K extends keyof Config> = Config & { [P in K]-?: NonNullable<Config[P]> };

/** Validates the environment and insists on the settings the calling function needs. */
export function loadConfig<K extends keyof Config>(
  required: readonly K[] = [],
  env: Record<string, string | undefined> = process.env,
): WithRequired<K> {
  const parsed = configSchema().safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${issues.join('; ')}`);
  }
  const missing = required.filter((key) => parsed.data[key] === undefined);
  if (missing.length > 0) throw new ConfigError(`missing configuration: ${missing.join(', ')}`);
  return parsed.data as WithRequired<K>;
}
