import { json } from '../responses.js';
import type { Route } from '../router.js';

export function healthRoutes<Deps>(): Route<Deps>[] {
  return [
    {
      method: 'GET',
      path: '/health',
      roles: 'public',
      summary: 'liveness of the API',
      handle: async () => json(200, { status: 'ok', service: 'outbound', time: new Date().toISOString() }),
    },
  ];
}
