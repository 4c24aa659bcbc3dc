import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { isPortScoped, requirePort } from '../../domain/auth.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { RECORD_KINDS } from '../../domain/records/schemas.js';
import { FORMATS, SEGMENT, uploadKeyOf } from '../../domain/uploads/key.js';
import type { Receipt } from '../../domain/uploads/receipt.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { parseInput } from '../validation.js';

export const UPLOAD_URL_SECONDS = 15 * 60;

const segment = (what: string) =>
  z.string(`${what} is required`).regex(SEGMENT, `${what}: letters, digits and . _ - only, at most 64`);

const NewUpload = z.object({
  kind: z.enum(RECORD_KINDS, `kind must be one of ${RECORD_KINDS.join(', ')}`),
  portCode: z.string('portCode is required').regex(/^\d{4}$/, 'portCode must be 4 digits'),
  deviceId: segment('deviceId'),
  format: z.enum(FORMATS, 'format must be jsonl or csv').default('jsonl'),
  batchId: segment('batchId').optional(),
});

export function uploadRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'POST',
      path: '/uploads',
      roles: ['officer', 'supervisor', 'hq'],
      summary: 'a presigned URL to PUT one batch to, at its place in the upload layout',
      handle: async (request) => {
        const caller = callerOf(request);
        const input = parseInput(NewUpload, request.body, 'upload request');
        requirePort(caller, input.portCode);
        const registry = await request.deps.ports.registry();
        if (!registry.isKnown(input.portCode)) {
          throw new ValidationError('unknown port', [
            { field: 'portCode', message: `${input.portCode} is not in the port registry` },
          ]);
        }
        const batchId = input.batchId ?? randomUUID();
        const key = uploadKeyOf({
          kind: input.kind,
          portCode: input.portCode,
          deviceId: input.deviceId,
          batchId,
          format: input.format,
        });
        const requestedAt = new Date().toISOString();
        const accepted = await request.deps.uploads.expect({
          batchId,
          key,
          portCode: input.portCode,
          kind: input.kind,
          deviceId: input.deviceId,
          requestedBy: caller.subject,
          requestedAt,
        });
        if (!accepted)
          throw new ConflictError(
            `batch ${batchId} was already uploaded and processed; its receipt is at GET /uploads/${batchId}`,
          );
        const upload = await request.deps.uploadUrls.presignPut(key, UPLOAD_URL_SECONDS);
        return json(201, {
          batchId,
          key,
          method: 'PUT',
          uploadUrl: upload.url,
          /** Send these with the PUT: the URL writes the batch once and never over an object already there. */
          headers: upload.headers,
          expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
          receipt: `/uploads/${batchId}`,
        });
      },
    },
    {
      method: 'GET',
      path: '/uploads/{batchId}',
      roles: ['officer', 'supervisor', 'hq', 'investigator'],
      summary: "an upload's receipt, or that it is still awaited or processing",
      handle: async (request) => {
        const caller = callerOf(request);
        const { batchId } = request.params;
        if (!batchId || !SEGMENT.test(batchId))
          throw new ValidationError('invalid batch id', [
            { field: 'batchId', message: 'letters, digits and . _ - only, at most 64' },
          ]);
        const entries = (await request.deps.uploads.find(batchId)).filter(
          (entry) => !isPortScoped(caller) || entry.portCode === caller.port,
        );
        if (entries.length === 0) throw new NotFoundError(`no upload ${batchId}`);
        const uploads = await Promise.all(
          entries.map(async (entry) => {
            if (entry.status === 'processed' && entry.receiptKey) {
              const receipt = await request.deps.objects.getJson<Receipt>(entry.receiptKey);
              if (receipt) return { key: entry.key, status: 'processed' as const, receipt };
            }
            const arrived = await request.deps.objects.head(entry.key);
            return { key: entry.key, status: arrived ? ('processing' as const) : ('awaiting-upload' as const) };
          }),
        );
        const [only] = uploads;
        return json(200, uploads.length === 1 && only ? { batchId, ...only } : { batchId, uploads });
      },
    },
  ];
}
