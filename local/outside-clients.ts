// SDK clients that look at the local cloud from outside it (tests, benchmarks, chaos and load runs), never faulted.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Endpoints } from './endpoints.js';

/** s3rver accepts only its own fixed keys; they are the local server's, not a secret. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function outsideS3(e: Pick<Endpoints, 's3' | 'region'>): S3Client {
  return new S3Client({
    endpoint: e.s3,
    region: e.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: S3RVER_CREDENTIALS,
  });
}

export function outsideDynamoDb(e: Pick<Endpoints, 'dynamodb' | 'region'>): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: e.dynamodb,
    region: e.region,
    credentials: { accessKeyId: 'outside', secretAccessKey: 'outside' },
  });
}

export function outsideDocuments(e: Pick<Endpoints, 'dynamodb' | 'region'>): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(outsideDynamoDb(e), { marshallOptions: { removeUndefinedValues: true } });
}

/** A JSON object from the local S3 (a receipt, a report), or undefined when it is not there. */
export async function readJson<T>(s3: S3Client, bucket: string, key: string): Promise<T | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await object.Body?.transformToString()) ?? 'null') as T;
  } catch {
    return undefined;
  }
}
