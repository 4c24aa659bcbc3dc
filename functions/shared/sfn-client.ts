import { SFNClient } from '@aws-sdk/client-sfn';
import { local, observed } from './clients.js';
import type { Config } from './config.js';

export function createSfn(config: Config): SFNClient {
  return observed(
    new SFNClient({
      region: config.AWS_REGION,
      maxAttempts: config.SDK_MAX_ATTEMPTS,
      ...local(config.OUTBOUND_SFN_ENDPOINT),
    }),
    'sfn',
  );
}
