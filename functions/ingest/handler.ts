// The ingest Lambda: SQS messages (S3 Object Created events) in, records stored and receipts written out.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadConfig } from '../shared/config.js';
import { logger } from '../shared/logger.js';
import { createIngestDeps } from './deps.js';
import { uploadedObjectOf } from './events.js';
import { type IngestDeps, processUpload } from './process-upload.js';

let deps: IngestDeps | undefined;
let uploadsBucket: string | undefined;
const processor = new BatchProcessor(EventType.SQS);

async function handleMessage(message: SQSRecord): Promise<void> {
  uploadsBucket ??= loadConfig(['UPLOADS_BUCKET']).UPLOADS_BUCKET;
  const object = uploadedObjectOf(message.body, uploadsBucket);
  if (!object) return;
  deps ??= createIngestDeps();
  const started = Date.now();
  const { receipt } = await processUpload(deps, object);
  logger.info('upload processed', {
    key: receipt.key,
    status: receipt.status,
    received: receipt.received,
    accepted: receipt.accepted,
    duplicates: receipt.duplicates,
    conflicts: receipt.conflicts,
    rejected: receipt.rejected,
    ms: Date.now() - started,
  });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler((event, context) => processPartialResponse(event, handleMessage, processor, { context }));
