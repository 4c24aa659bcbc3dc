import { S3Client } from '@aws-sdk/client-s3';
import { local, observed } from './clients.js';
import type { Config } from './config.js';

/** s3rver accepts only these credentials; they are the local server's fixed keys, not a secret. */
const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createS3(config: Config): S3Client {
  const client = new S3Client({
    region: config.AWS_REGION,
    maxAttempts: config.SDK_MAX_ATTEMPTS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.OUTBOUND_S3_ENDPOINT ? { forcePathStyle: true } : {}),
    ...local(config.OUTBOUND_S3_ENDPOINT, LOCAL_S3_CREDENTIALS),
  });
  return observed(client, 's3');
}
