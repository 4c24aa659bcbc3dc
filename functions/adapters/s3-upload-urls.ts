// Presigned PUT addresses into the uploads bucket, for devices that upload through the API. Each is signed with
// If-None-Match: * (S3's conditional write): the client must send that header, and S3 refuses a second write.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadUrls } from '../ingest/interfaces.js';

export class S3UploadUrls implements UploadUrls {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** The address, and the headers the client must send with the PUT (signed: leaving one out fails the signature). */
  async presignPut(key: string, expiresInSeconds: number): Promise<{ url: string; headers: Record<string, string> }> {
    const url = await getSignedUrl(this.s3, new PutObjectCommand({ Bucket: this.bucket, Key: key, IfNoneMatch: '*' }), {
      expiresIn: expiresInSeconds,
      // kept a signed header, not hoisted into the query string, where S3 would not read it as a condition
      unhoistableHeaders: new Set(['if-none-match']),
    });
    return { url, headers: { 'If-None-Match': '*' } };
  }
}
