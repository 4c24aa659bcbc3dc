// The local ingest queue lives in memory, unlike SQS: an upload whose event was still queued when the local cloud
// stopped is found again at the next start (an object under incoming/ with no receipt newer than it) and queued.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  INCOMING_PREFIX,
  invalidReceiptKeyOf,
  parseUploadKey,
  RECEIPTS_PREFIX,
  receiptKeyOf,
  repeatedReceiptKeyOf,
} from '../functions/domain/uploads/key.js';

async function listAll(s3: S3Client, bucket: string, prefix: string) {
  const objects: Array<{ key: string; modified: number; eTag: string; size: number }> = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? [])
      if (o.Key)
        objects.push({
          key: o.Key,
          modified: o.LastModified?.getTime() ?? 0,
          eTag: (o.ETag ?? '').replace(/"/g, ''),
          size: o.Size ?? 0,
        });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** The uploads that have no receipt (nor a receipt of a later object) written after them, oldest first. */
export async function unreceiptedUploads(s3: S3Client, bucket: string) {
  const [incoming, receipts] = await Promise.all([
    listAll(s3, bucket, INCOMING_PREFIX),
    listAll(s3, bucket, RECEIPTS_PREFIX),
  ]);
  const receiptAt = new Map(receipts.map((r) => [r.key, r.modified]));
  return incoming
    .filter((object) => {
      const parsed = parseUploadKey(object.key);
      // a later object under a batch key already taken in is answered beside the first receipt
      const answers = parsed.ok
        ? [receiptKeyOf(parsed.key), repeatedReceiptKeyOf(parsed.key)]
        : [invalidReceiptKeyOf(object.key)];
      return answers.every((key) => (receiptAt.get(key) ?? -1) < object.modified);
    })
    .sort((a, b) => a.modified - b.modified);
}
