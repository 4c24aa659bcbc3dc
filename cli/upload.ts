// `outbound upload`: one batch through the API (presigned PUT), with progress, then its receipt.
import { createReadStream, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Receipt } from '../functions/domain/uploads/receipt.js';
import { pollReceipt } from '../functions/domain/uploads/receipt-polling.js';
import { type ApiClient, ApiError } from './api-client.js';

export interface UploadOptions {
  kind: string;
  port: string;
  device: string;
  batch?: string;
  format?: string;
  timeoutSeconds: number;
}

interface NewUpload {
  batchId: string;
  key: string;
  uploadUrl: string;
  /** The headers the presigned PUT must carry (If-None-Match: *). */
  headers?: Record<string, string>;
}

type UploadStatus = { status: 'processed'; receipt: Receipt } | { status: 'processing' | 'awaiting-upload' };

function put(upload: NewUpload, file: string, size: number, onProgress: (bytes: number) => void): Promise<void> {
  const target = new URL(upload.uploadUrl);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...upload.headers, 'content-length': size };
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'PUT', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 500) < 300) resolve();
        else if (res.statusCode === 412)
          reject(
            new Error(`batch ${upload.batchId} was already uploaded; its receipt: GET /uploads/${upload.batchId}`),
          );
        else
          reject(
            new Error(
              `the upload was refused: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`,
            ),
          );
      });
    });
    req.on('error', reject);
    let sent = 0;
    createReadStream(file)
      .on('data', (chunk) => {
        sent += chunk.length;
        onProgress(sent);
      })
      .on('error', reject)
      .pipe(req);
  });
}

export async function uploadBatch(api: ApiClient, file: string, options: UploadOptions): Promise<Receipt> {
  const size = statSync(file).size;
  const format = options.format ?? extname(file).slice(1).toLowerCase();
  const created = await api.call<NewUpload>('POST', '/uploads', {
    kind: options.kind,
    portCode: options.port,
    deviceId: options.device,
    format,
    ...(options.batch ? { batchId: options.batch } : {}),
  });
  process.stderr.write(`batch ${created.batchId} → ${created.key}\n`);
  const bar = new SingleBar({
    format: 'uploading [{bar}] {percentage}% {value}/{total} bytes',
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 1000,
  });
  bar.start(size, 0);
  try {
    await put(created, file, size, (bytes) => bar.update(bytes));
  } finally {
    bar.stop();
  }
  process.stderr.write('uploaded; waiting for the receipt…\n');
  const polled = await pollReceipt({
    ask: async () => {
      try {
        return await api.call<UploadStatus>('GET', `/uploads/${encodeURIComponent(created.batchId)}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 429) return undefined;
        throw error;
      }
    },
    settle: (status: UploadStatus) => (status.status === 'processed' ? status.receipt : undefined),
    patienceMs: options.timeoutSeconds * 1000,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  if (polled.result) return polled.result;
  throw new Error(
    `no receipt after ${options.timeoutSeconds} s (status: ${polled.last?.status ?? 'busy'}); ask again with GET /uploads/${created.batchId}`,
  );
}
