// GET /ports/{code}/uploads: a port's recent uploads with their receipts (what was rejected and why).
import * as z from 'zod';
import { requirePort } from '../../domain/auth.js';
import { NotFoundError } from '../../domain/errors.js';
import { PortCode } from '../../domain/ports.js';
import type { Receipt } from '../../domain/uploads/receipt.js';
import { mapWithConcurrency } from '../../shared/concurrency.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { parseInput } from '../validation.js';

const Params = z.object({ code: PortCode });
const Query = z.object({
  limit: z.coerce.number().int().min(1, 'limit is 1 to 50').max(50, 'limit is 1 to 50').default(20),
});

export function portUploadRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'GET',
      path: '/ports/{code}/uploads',
      roles: ['officer', 'supervisor', 'hq'],
      summary: "a port's recent uploads, newest first, each with its receipt",
      handle: async (request) => {
        const { code } = parseInput(Params, request.params, 'path');
        const { limit } = parseInput(Query, request.query, 'query');
        requirePort(callerOf(request), code);
        if (!(await request.deps.ports.registry()).isKnown(code)) throw new NotFoundError(`no port ${code}`);
        const entries = await request.deps.uploads.recentByPort(code, limit);
        const uploads = await mapWithConcurrency(entries, 8, async (entry) => {
          const receipt = entry.receiptKey
            ? await request.deps.objects.getJson<Receipt>(entry.receiptKey).catch(() => undefined)
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
        return json(200, { port: code, uploads });
      },
    },
  ];
}
