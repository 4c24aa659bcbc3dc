// The ingest Lambda: SQS messages (S3 Object Created events) in, records stored and receipts written out.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadConfig } from '../shared/config.js';
import { logger } from '../shared/logger.js';
import { createIngestDeps, type IngestFunctionDeps } from './deps.js';
import { uploadedObjectOf } from './events.js';
import { startPendingReferrals } from './pending-referrals.js';
import { processUpload } from './process-upload.js';

let deps: IngestFunctionDeps | undefined;
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

/** After the uploads: referrals left in the outbox by an invocation that died are started; never fails the batch. */
async function sweepOutbox(): Promise<void> {
  deps ??= createIngestDeps();
  try {
    const started = await startPendingReferrals(deps, deps.outboxGraceSeconds);
    if (started > 0) logger.warn('referrals started from the outbox', { started });
  } catch (error) {
    logger.warn('the referral outbox could not be swept; the next invocation tries again', {
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event, context) => {
    const response = await processPartialResponse(event, handleMessage, processor, { context });
    await sweepOutbox();
    return response;
  });
