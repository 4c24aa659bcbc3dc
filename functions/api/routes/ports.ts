import { ROLES } from '../../domain/auth.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { portCodeSchema } from '../../domain/ports.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import type { Route } from '../router.js';

export function portRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'GET',
      path: '/ports',
      roles: ROLES,
      summary: 'the port registry',
      handle: async ({ deps, query }) => {
        const registry = await deps.ports.registry();
        const ports = query.active === 'true' ? registry.active() : registry.all();
        return json(200, { ports, count: ports.length });
      },
    },
    {
      method: 'GET',
      path: '/ports/{code}',
      roles: ROLES,
      summary: 'one port',
      handle: async ({ deps, params }) => {
        const code = portCodeSchema().safeParse(params.code);
        if (!code.success)
          throw new ValidationError('invalid port code', [{ field: 'code', message: 'a port code is 4 digits' }]);
        const port = (await deps.ports.registry()).get(code.data);
        if (!port) throw new NotFoundError(`no port ${code.data}`);
        return json(200, port);
      },
    },
  ];
}
