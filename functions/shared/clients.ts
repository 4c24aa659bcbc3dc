// AWS SDK clients, built once per process from the validated config; locally only the endpoint changes.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from './config.js';

/** s3rver accepts only these credentials; they are the local server's fixed keys, not a secret. */
const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export type ServiceName = 'dynamodb' | 's3' | 'sfn' | 'ses';

/** Called with every client built here: the local cloud's fault injection and the benchmarks' counters use it. */
export type ClientObserver = (
  client: DynamoDBClient | S3Client | SFNClient | SESv2Client,
  service: ServiceName,
) => void;
const observers = new Set<ClientObserver>();

export function observeClients(observer: ClientObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function observed<T extends DynamoDBClient | S3Client | SFNClient | SESv2Client>(client: T, service: ServiceName): T {
  for (const observer of observers) observer(client, service);
  return client;
}

function local(endpoint: string | undefined, credentials = LOCAL_CREDENTIALS) {
  return endpoint ? { endpoint, credentials } : {};
}

export function createDynamoDb(config: Config): DynamoDBDocumentClient {
  const client = observed(
    new DynamoDBClient({
      region: config.AWS_REGION,
      maxAttempts: config.SDK_MAX_ATTEMPTS,
      ...local(config.OUTBOUND_DYNAMODB_ENDPOINT),
    }),
    'dynamodb',
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

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
