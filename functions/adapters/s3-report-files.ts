// Writes a report's files (page, CSV, charts) into the reports bucket.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReportOutput } from '../reports/interfaces.js';

export class S3ReportFiles implements Pick<ReportOutput, 'putObject'> {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putObject(key: string, body: Buffer | string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
}
