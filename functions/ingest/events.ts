// The upload events the ingest function receives: S3 "Object Created" events from EventBridge, carried by SQS.
import * as z from 'zod/mini';
import { once } from '../domain/once.js';
import '../domain/zod-locale.js';
import { INCOMING_PREFIX } from '../domain/uploads/key.js';
import type { UploadedObject } from './process-upload.js';

/** Built by the first event the function receives. */
const objectCreatedEventSchema = once(() =>
  z.object({
    'detail-type': z.literal('Object Created'),
    source: z.literal('aws.s3'),
    detail: z.object({
      bucket: z.object({ name: z.string() }),
      object: z.object({
        key: z.string().check(z.minLength(1)),
        size: z.optional(z.number()),
        etag: z.optional(z.string()),
        'version-id': z.optional(z.string()),
        sequencer: z.optional(z.string()),
      }),
    }),
  }),
);
export type ObjectCreatedEvent = z.infer<ReturnType<typeof objectCreatedEventSchema>>;

export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
}

function decodeKey(key: string): string {
  if (!key.includes('%')) return key;
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/**
 * The uploaded object an event names, or undefined for an object this function must not take in: one outside
 * incoming/ (receipts, quarantine), or one in any bucket but the uploads bucket (the queue takes only the rule's
 * events, and the function does not trust that alone).
 */
export function uploadedObjectOf(body: string, uploadsBucket: string): UploadedObject | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new UnreadableEventError('the message body is not JSON');
  }
  const parsed = objectCreatedEventSchema().safeParse(json);
  if (!parsed.success)
    throw new UnreadableEventError(`the message is not an S3 Object Created event: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.detail.bucket.name !== uploadsBucket) return undefined;
  const object = parsed.data.detail.object;
  const key = decodeKey(object.key);
  if (!key.startsWith(INCOMING_PREFIX)) return undefined;
  return {
    key,
    ...(object.size !== undefined ? { size: object.size } : {}),
    ...(object.etag ? { eTag: object.etag } : {}),
    ...(object['version-id'] ? { versionId: object['version-id'] } : {}),
    ...(object.sequencer ? { sequencer: object.sequencer } : {}),
  };
}

/** Builds the event EventBridge would deliver for an object created in a bucket (the local cloud's S3 feed). */
export function objectCreatedEvent(
  bucket: string,
  object: { key: string; size?: number; eTag?: string; sequencer?: string },
): ObjectCreatedEvent {
  return {
    'detail-type': 'Object Created',
    source: 'aws.s3',
    detail: {
      bucket: { name: bucket },
      object: {
        key: object.key,
        ...(object.size !== undefined ? { size: object.size } : {}),
        ...(object.eTag ? { etag: object.eTag } : {}),
        ...(object.sequencer ? { sequencer: object.sequencer } : {}),
      },
    },
  };
}
