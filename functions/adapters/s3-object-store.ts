// The uploads bucket as the ingest use case sees it: objects read as streams, JSON written, quarantine streamed.
import { PassThrough, type Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { LineSink, ObjectInfo, ObjectStore } from '../ingest/interfaces.js';

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)
  );
}

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async head(key: string, versionId?: string): Promise<ObjectInfo | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
      return {
        size: head.ContentLength ?? 0,
        eTag: (head.ETag ?? '').replace(/"/g, ''),
        ...(head.VersionId ? { versionId: head.VersionId } : {}),
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async *read(key: string, versionId?: string): AsyncIterable<Uint8Array> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    if (!object.Body) return;
    for await (const chunk of object.Body as Readable) yield chunk as Uint8Array;
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse((await object.Body?.transformToString('utf8')) ?? 'null') as T;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(value, null, 1),
        ContentType: 'application/json',
      }),
    );
  }

  async putJsonIfAbsent(key: string, value: unknown): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: JSON.stringify(value, null, 1),
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      // 412: an object is there; 409: a conditional write of the same key is under way
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 412 || status === 409) return false;
      throw error;
    }
  }

  openLineSink(key: string): LineSink {
    const body = new PassThrough();
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/x-ndjson' },
    });
    const done = upload.done();
    done.catch(() => undefined); // observed in close()
    return {
      write: async (value) => {
        if (!body.write(`${JSON.stringify(value)}\n`)) await new Promise((resolve) => body.once('drain', resolve));
      },
      close: async () => {
        body.end();
        await done;
      },
    };
  }
}
