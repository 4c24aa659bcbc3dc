// The ingest's trigger, as in AWS: an upload under incoming/ → an Object Created event → the ingest queue → the
// ingest function. The queue is in memory, so uploads whose events were still queued at the last stop are queued again.
import { join } from 'node:path';
import type { SQSBatchResponse } from 'aws-lambda';
import { INCOMING_PREFIX } from '../../functions/domain/uploads/key.js';
import { objectCreatedEvent } from '../../functions/ingest/events.js';
import {
  INGEST_MAX_RECEIVES,
  INGEST_VISIBILITY_TIMEOUT_SECONDS,
  LOCAL_INGEST_RETRY_DELAY_SECONDS,
} from '../../functions/shared/ingest-queue.js';
import type { Endpoints } from '../endpoints.js';
import { invokeLocal } from '../functions.js';
import { outsideS3 } from '../outside-clients.js';
import { LocalQueue } from '../queue.js';
import { unreceiptedUploads } from '../requeue.js';
import { NAME_PREFIX, UPLOADS_BUCKET } from '../resources.js';
import type { LocalS3 } from './s3.js';

export interface IngestTriggerOptions {
  home: string;
  /** Feed upload events to the ingest function (default true; tests that deliver events themselves turn it off). */
  feedUploads?: boolean;
  /** The ingest queue's visibility timeout, when not the local default. */
  ingestVisibilityTimeoutMs?: number;
  /** How each upload event is delivered: one delay (ms) per copy; default one copy at once (chaos runs vary it). */
  eventDelivery?: (body: string) => readonly number[];
  log: (line: string) => void;
}

export function startIngestQueue(s3: LocalS3, options: IngestTriggerOptions): LocalQueue {
  const queue = new LocalQueue({
    name: `${NAME_PREFIX}-ingest`,
    consumer: async (event) => (await invokeLocal('ingest', event)) as SQSBatchResponse,
    maxReceives: INGEST_MAX_RECEIVES,
    visibilityTimeoutMs: options.ingestVisibilityTimeoutMs ?? INGEST_VISIBILITY_TIMEOUT_SECONDS * 1000,
    retryDelayMs: Math.min(
      options.ingestVisibilityTimeoutMs ?? Number.POSITIVE_INFINITY,
      LOCAL_INGEST_RETRY_DELAY_SECONDS * 1000,
    ),
    deadLetterFile: join(options.home, 'dead-letters.jsonl'),
    log: options.log,
  });
  const copiesOf = options.eventDelivery ?? (() => [0]);
  s3.onEvent((record) => {
    const { bucket, object } = record.s3;
    const created = record.eventName.startsWith('ObjectCreated:');
    if (options.feedUploads === false) return;
    if (!created || bucket.name !== UPLOADS_BUCKET || !object.key.startsWith(INCOMING_PREFIX)) return;
    const body = JSON.stringify(objectCreatedEvent(bucket.name, object));
    for (const delayMs of copiesOf(body)) queue.send(body, delayMs);
  });
  return queue;
}

/** Queues again the uploads that have no receipt yet (their events were lost with the last stop's queue). */
export async function requeueUnreceipted(
  queue: LocalQueue,
  endpoints: Endpoints,
  log: (line: string) => void,
): Promise<void> {
  const s3Client = outsideS3(endpoints);
  const waiting = await unreceiptedUploads(s3Client, UPLOADS_BUCKET);
  s3Client.destroy();
  for (const object of waiting)
    queue.send(
      JSON.stringify(objectCreatedEvent(UPLOADS_BUCKET, { key: object.key, eTag: object.eTag, size: object.size })),
    );
  if (waiting.length > 0) log(`ingest: ${waiting.length} uploads without a receipt queued again`);
}
