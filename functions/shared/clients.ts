// How the SDK clients are built, once per process from the validated config; locally only the endpoint changes.
// Each client has its own module, so a function loads only the SDK packages it uses.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SFNClient } from '@aws-sdk/client-sfn';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export type ServiceName = 'dynamodb' | 's3' | 'sfn' | 'ses' | 'lambda';

/** Called with every client built here: the local cloud's fault injection and the benchmarks' counters use it. */
export type ClientObserver = (
  client: DynamoDBClient | S3Client | SFNClient | SESv2Client | LambdaClient,
  service: ServiceName,
) => void;
const observers = new Set<ClientObserver>();

export function observeClients(observer: ClientObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function observed<T extends DynamoDBClient | S3Client | SFNClient | SESv2Client | LambdaClient>(
  client: T,
  service: ServiceName,
): T {
  for (const observer of observers) observer(client, service);
  return client;
}

export function local(endpoint: string | undefined, credentials = LOCAL_CREDENTIALS) {
  return endpoint ? { endpoint, credentials } : {};
}
