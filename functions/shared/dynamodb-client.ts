import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { local, observed } from './clients.js';
import type { Config } from './config.js';

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
