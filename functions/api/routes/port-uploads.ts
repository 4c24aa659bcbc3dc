// GET /ports/{code}/uploads: a port's recent uploads with their receipts (what was rejected and why).
import * as z from 'zod/mini';
import '../../domain/zod-locale.js';
import { requirePort } from '../../domain/auth.js';
import { once } from '../../domain/once.js';
import { portCodeSchema } from '../../domain/ports.js';
import { recentUploads } from '../../ingest/uploads.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import { callerOf, type Route } from '../router.js';
import { parseInput } from '../validation.js';

const Params = once(() => z.object({ code: portCodeSchema() }));
const Query = once(() =>
  z.object({
    limit: z._default(
      z.coerce.number().check(z.int(), z.minimum(1, 'limit is 1 to 50'), z.maximum(50, 'limit is 1 to 50')),
      20,
    ),
  }),
);

export function portUploadRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'GET',
      path: '/ports/{code}/uploads',
      roles: ['officer', 'supervisor', 'hq'],
      summary: "a port's recent uploads, newest first, each with its receipt",
      handle: async (request) => {
        const { code } = parseInput(Params(), request.params, 'path');
        const { limit } = parseInput(Query(), request.query, 'query');
        requirePort(callerOf(request), code);
        const uploads = await recentUploads(request.deps.uploading, code, limit);
        return json(200, { port: code, uploads });
      },
    },
  ];
}
