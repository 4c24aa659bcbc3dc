import { SESv2Client } from '@aws-sdk/client-sesv2';
import { local, observed } from './clients.js';
import type { Config } from './config.js';

export function createSes(config: Config): SESv2Client {
  return observed(
    new SESv2Client({
      region: config.AWS_REGION,
      maxAttempts: config.SDK_MAX_ATTEMPTS,
      ...local(config.OUTBOUND_SES_ENDPOINT),
    }),
    'ses',
  );
}
