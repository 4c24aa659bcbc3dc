import { LambdaClient } from '@aws-sdk/client-lambda';
import { local, observed } from './clients.js';
import type { Config } from './config.js';

export function createLambda(config: Config): LambdaClient {
  return observed(
    new LambdaClient({
      region: config.AWS_REGION,
      maxAttempts: config.SDK_MAX_ATTEMPTS,
      ...local(config.OUTBOUND_LAMBDA_ENDPOINT),
    }),
    'lambda',
  );
}
