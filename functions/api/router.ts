// Matches a request to its route, checks the caller's role, and parses the query and body for the route.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Principal, principalFromClaims, type Role, requireRole } from '../domain/auth.js';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../domain/errors.js';

export const MAX_BODY_BYTES = 256 * 1024;

export interface Request<Deps> {
  principal: Principal | undefined;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  deps: Deps;
}

export interface Route<Deps> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Who may call it; 'public' needs no token. */
  roles: readonly Role[] | 'public';
  summary: string;
  handle: (request: Request<Deps>) => Promise<APIGatewayProxyStructuredResultV2>;
}

interface CompiledRoute<Deps> extends Route<Deps> {
  pattern: RegExp;
  names: string[];
}

function compile<Deps>(route: Route<Deps>): CompiledRoute<Deps> {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

/** A path parameter as the route sees it; a malformed `%` escape is the client's mistake, never a crash. */
function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ValidationError(`the path has a malformed percent-escape in ${name}`, [
      { field: name, message: 'a % must start a valid UTF-8 percent-escape such as %2F' },
    ]);
  }
}

function parseBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new PayloadTooLargeError(`the body is over ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('the body is not valid JSON');
  }
}

export class Router<Deps> {
  private readonly compiled: CompiledRoute<Deps>[];

  constructor(
    readonly routes: readonly Route<Deps>[],
    private readonly deps: () => Deps,
  ) {
    this.compiled = routes.map(compile);
  }

  async dispatch(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath.length > 1 ? event.rawPath.replace(/\/+$/, '') : event.rawPath;
    const candidates = this.compiled.filter((route) => route.pattern.test(path));
    const route = candidates.find((candidate) => candidate.method === method);
    if (!route) {
      throw new NotFoundError(
        candidates.length > 0 ? `${method} is not allowed on ${path}` : `no route for ${method} ${path}`,
      );
    }
    let principal: Principal | undefined;
    if (route.roles !== 'public') {
      principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
      requireRole(principal, route.roles);
    }
    const match = route.pattern.exec(path) as RegExpExecArray;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeParam(name, match[index + 1] ?? '');
    });
    return route.handle({
      principal,
      params,
      query: event.queryStringParameters ?? {},
      body: parseBody(event),
      deps: this.deps(),
    });
  }
}

/** The authenticated caller; only for routes that are not public. */
export function callerOf(request: Request<unknown>): Principal {
  if (!request.principal) throw new Error('route declared public but needs a caller');
  return request.principal;
}
