// Uploads through the API: an address to PUT a batch to, at its place in the upload layout; then the batch's state,
// and a port's latest uploads with what their receipts say.
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { PortRegistry } from '../domain/ports.js';
import type { RecordKind } from '../domain/records/kinds.js';
import { type UploadFormat, uploadKeyOf } from '../domain/uploads/key.js';
import type { Receipt } from '../domain/uploads/receipt.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { ObjectStore, UploadRequests, UploadUrls } from './interfaces.js';

export const UPLOAD_URL_SECONDS = 15 * 60;

export interface UploadDeps {
  ports: () => Promise<PortRegistry>;
  uploads: UploadRequests;
  objects: Pick<ObjectStore, 'getJson' | 'head'>;
  uploadUrls: UploadUrls;
  newId: () => string;
  now: () => Date;
}

export interface UploadRequest {
  kind: RecordKind;
  portCode: string;
  deviceId: string;
  format: UploadFormat;
  batchId?: string | undefined;
}

/** Registers the awaited batch and presigns the address to PUT it to (once: never over an object already there). */
export async function requestUpload(deps: UploadDeps, input: UploadRequest, by: string) {
  const registry = await deps.ports();
  if (!registry.isKnown(input.portCode)) {
    throw new ValidationError('unknown port', [
      { field: 'portCode', message: `${input.portCode} is not in the port registry` },
    ]);
  }
  const batchId = input.batchId ?? deps.newId();
  const key = uploadKeyOf({
    kind: input.kind,
    portCode: input.portCode,
    deviceId: input.deviceId,
    batchId,
    format: input.format,
  });
  const requestedAt = deps.now().toISOString();
  const accepted = await deps.uploads.expect({
    batchId,
    key,
    portCode: input.portCode,
    kind: input.kind,
    deviceId: input.deviceId,
    requestedBy: by,
    requestedAt,
  });
  if (!accepted)
    throw new ConflictError(
      `batch ${batchId} was already uploaded and processed; its receipt is at GET /uploads/${batchId}`,
    );
  const upload = await deps.uploadUrls.presignPut(key, UPLOAD_URL_SECONDS);
  return {
    batchId,
    key,
    url: upload.url,
    headers: upload.headers,
    expiresAt: new Date(deps.now().getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

/** Each upload of the batch the caller may see: its receipt once processed, else whether it has arrived. */
export async function uploadsOfBatch(
  deps: Pick<UploadDeps, 'uploads' | 'objects'>,
  batchId: string,
  visible: (portCode: string | undefined) => boolean,
) {
  const entries = (await deps.uploads.find(batchId)).filter((entry) => visible(entry.portCode));
  if (entries.length === 0) throw new NotFoundError(`no upload ${batchId}`);
  return Promise.all(
    entries.map(async (entry) => {
      if (entry.status === 'processed' && entry.receiptKey) {
        const receipt = await deps.objects.getJson<Receipt>(entry.receiptKey);
        if (receipt) return { key: entry.key, status: 'processed' as const, receipt };
      }
      const arrived = await deps.objects.head(entry.key);
      return { key: entry.key, status: arrived ? ('processing' as const) : ('awaiting-upload' as const) };
    }),
  );
}

/** The port's latest uploads, newest first, each with its receipt's counts and errors. */
export async function recentUploads(
  deps: Pick<UploadDeps, 'ports' | 'uploads' | 'objects'>,
  code: string,
  limit: number,
) {
  if (!(await deps.ports()).isKnown(code)) throw new NotFoundError(`no port ${code}`);
  const entries = await deps.uploads.recentByPort(code, limit);
  return mapWithConcurrency(entries, 8, async (entry) => {
    const receipt = entry.receiptKey
      ? await deps.objects.getJson<Receipt>(entry.receiptKey).catch(() => undefined)
      : undefined;
    return {
      batchId: entry.batchId,
      kind: entry.kind ?? null,
      deviceId: entry.deviceId ?? null,
      processedAt: entry.processedAt ?? null,
      status: entry.receiptStatus ?? null,
      receipt: receipt
        ? {
            received: receipt.received,
            accepted: receipt.accepted,
            duplicates: receipt.duplicates,
            conflicts: receipt.conflicts,
            rejected: receipt.rejected,
            errors: receipt.errors,
            conflictedRecords: receipt.conflictedRecords,
            errorsOmitted: receipt.errorsOmitted,
            ...(receipt.reason ? { reason: receipt.reason } : {}),
          }
        : null,
    };
  });
}
