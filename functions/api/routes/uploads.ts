import * as z from 'zod/mini';
import '../../domain/zod-locale.js';
import { isPortScoped, requirePort } from '../../domain/auth.js';
import { ValidationError } from '../../domain/errors.js';
import { once } from '../../domain/once.js';
import { portCodeString } from '../../domain/ports.js';
import { RECORD_KINDS } from '../../domain/records/kinds.js';
import { FORMATS, SEGMENT } from '../../domain/uploads/key.js';
import { requestUpload, uploadsOfBatch } from '../../ingest/uploads.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { parseInput } from '../validation.js';

const segment = (what: string) =>
  z.string(`${what} is required`).check(z.regex(SEGMENT, `${what}: letters, digits and . _ - only, at most 64`));

const NewUpload = once(() =>
  z.object({
    kind: z.enum(RECORD_KINDS, `kind must be one of ${RECORD_KINDS.join(', ')}`),
    portCode: portCodeString('portCode must be 4 digits', 'portCode is required'),
    deviceId: segment('deviceId'),
    format: z._default(z.enum(FORMATS, 'format must be jsonl or csv'), 'jsonl'),
    batchId: z.optional(segment('batchId')),
  }),
);

export function uploadRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'POST',
      path: '/uploads',
      roles: ['officer', 'supervisor', 'hq'],
      summary: 'a presigned URL to PUT one batch to, at its place in the upload layout',
      handle: async (request) => {
        const caller = callerOf(request);
        const input = parseInput(NewUpload(), request.body, 'upload request');
        requirePort(caller, input.portCode);
        const upload = await requestUpload(request.deps.uploading, input, caller.subject);
        return json(201, {
          batchId: upload.batchId,
          key: upload.key,
          method: 'PUT',
          uploadUrl: upload.url,
          /** Send these with the PUT: the URL writes the batch once and never over an object already there. */
          headers: upload.headers,
          expiresAt: upload.expiresAt,
          receipt: `/uploads/${upload.batchId}`,
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
        const uploads = await uploadsOfBatch(
          request.deps.uploading,
          batchId,
          (portCode) => !isPortScoped(caller) || portCode === caller.port,
        );
        const [only] = uploads;
        return json(200, uploads.length === 1 && only ? { batchId, ...only } : { batchId, uploads });
      },
    },
  ];
}
