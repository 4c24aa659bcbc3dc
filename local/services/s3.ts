// S3 for the local cloud: s3rver on disk, behind a front that refuses hostile keys and honours If-None-Match
// (local/s3-front.ts); its object events are how uploads reach the ingest.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import S3rver from 's3rver';
import { bind, closeServer, freePort, LOCAL_HOST } from '../net.js';
import { REPORTS_BUCKET, UPLOADS_BUCKET } from '../resources.js';
import { createS3Front } from '../s3-front.js';

/** The field app PUTs its batches from the web apps' origin (any local port) to presigned URLs, as in AWS. */
const UPLOADS_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedHeader>content-type</AllowedHeader><AllowedHeader>if-none-match</AllowedHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

export interface S3EventRecordLike {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
}

export interface LocalS3 {
  endpoint: string;
  /** Calls back with each S3 event record (object created, removed …), as S3's event notifications carry them. */
  onEvent(listener: (record: S3EventRecordLike) => void): void;
  stop(): Promise<void>;
}

export async function startS3(home: string, port: number): Promise<LocalS3> {
  const directory = join(home, 's3');
  mkdirSync(directory, { recursive: true });
  const s3rverPort = await freePort();
  const s3rver = new S3rver({
    address: LOCAL_HOST,
    port: s3rverPort,
    directory,
    silent: true,
    configureBuckets: [{ name: UPLOADS_BUCKET, configs: [UPLOADS_CORS] }, { name: REPORTS_BUCKET }],
  });
  await s3rver.run();
  try {
    const front = await bind('s3', port, createS3Front({ host: LOCAL_HOST, port: s3rverPort }));
    return {
      endpoint: front.url,
      onEvent: (listener) =>
        s3rver.on('event', (event: { Records: S3EventRecordLike[] }) => {
          for (const record of event.Records) listener(record);
        }),
      stop: async () => {
        await closeServer(front.server);
        await s3rver.close();
      },
    };
  } catch (error) {
    await s3rver.close();
    throw error;
  }
}
