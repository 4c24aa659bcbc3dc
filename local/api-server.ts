// The local stand-in for API Gateway (HTTP API with a JWT authorizer): HTTP in, the API Lambda's event out.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorResponse } from '../functions/api/responses.js';
import { servedAs } from '../functions/domain/auth.js';
import { PayloadTooLargeError, UnauthorizedError } from '../functions/domain/errors.js';
import type { TokenVerifier } from './auth.js';

/** API Gateway's own payload limit is 10 MB; the API takes JSON bodies, so the local server stops at 1 MB. */
const MAX_REQUEST_BYTES = 1024 * 1024;

type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new PayloadTooLargeError(`the request body is over ${MAX_REQUEST_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The request target as API Gateway sees it: the raw path (escapes kept, `//` not taken for a host) and query. */
function splitTarget(target: string | undefined): { path: string; query: string } {
  const raw = target ?? '/';
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  return { path: path.startsWith('/') ? path : `/${path}`, query: at < 0 ? '' : raw.slice(at + 1) };
}

async function toEvent(
  request: IncomingMessage,
  verify: TokenVerifier,
): Promise<APIGatewayProxyEventV2WithJWTAuthorizer> {
  const target = splitTarget(request.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(target.query))
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  let claims: Record<string, unknown> | undefined;
  const authorization = headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"');
    claims = await verify(match[1]);
  }
  const body = await readBody(request);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: target.path,
    rawQueryString: target.query,
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: target.path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      // as on an API Gateway route without an authorizer, an unauthenticated request carries none
      ...(claims
        ? {
            authorizer: {
              jwt: { claims: claims as Record<string, string>, scopes: [] },
              principalId: '',
              integrationLatency: 0,
            },
          }
        : {}),
    },
    ...(body.length > 0 ? { body: body.toString('utf8'), isBase64Encoded: false } : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** One line of the API access audit: who asked for what, and the answer (the same fields as the AWS access log). */
export interface AccessEntry {
  requestId: string;
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  caller: string | null;
  /** The role the request was served under (null when its token was missing or refused), not a claim as sent. */
  role: string | null;
  port: string | null;
  agency: string | null;
  latencyMs: number;
}

/** CORS as API Gateway's corsPreflight answers it: exactly the web apps' origin, preflights without a token. */
export const CORS_ALLOW_HEADERS = 'authorization,content-type';
export const CORS_ALLOW_METHODS = 'GET,POST,PUT';

export function createApiServer(
  handler: ApiHandler,
  verify: TokenVerifier,
  audit: (entry: AccessEntry) => void = () => undefined,
  webOrigins: readonly string[] = [],
): Server {
  const server = createServer(async (request, response) => {
    const started = Date.now();
    const origin = request.headers.origin;
    const cors: Record<string, string> =
      origin && webOrigins.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      response.writeHead(204, {
        ...cors,
        ...(cors['access-control-allow-origin']
          ? {
              'access-control-allow-headers': CORS_ALLOW_HEADERS,
              'access-control-allow-methods': CORS_ALLOW_METHODS,
              'access-control-max-age': '600',
            }
          : {}),
      });
      response.end();
      return;
    }
    let result: APIGatewayProxyStructuredResultV2;
    let event: APIGatewayProxyEventV2WithJWTAuthorizer | undefined;
    try {
      event = await toEvent(request, verify);
      result = await handler(event);
    } catch (error) {
      result = errorResponse(error).response;
    }
    const target = splitTarget(request.url);
    const claims = event?.requestContext.authorizer?.jwt.claims;
    const principal = servedAs(claims);
    audit({
      requestId: event?.requestContext.requestId ?? randomUUID(),
      time: new Date(started).toISOString(),
      method: request.method ?? 'GET',
      path: target.path,
      query: target.query,
      status: result.statusCode ?? 200,
      caller: typeof claims?.sub === 'string' ? claims.sub : null,
      role: principal?.role ?? null,
      port: principal?.port ?? null,
      agency: principal?.agency ?? null,
      latencyMs: Date.now() - started,
    });
    response.writeHead(result.statusCode ?? 200, { ...cors, ...(result.headers as Record<string, string>) });
    response.end(result.body ?? '');
  });
  // a request Node cannot parse (say, a control character in its path) is answered as API Gateway answers it, and the
  // rest of what the client sends is read and dropped: closing with it unread would reset the connection before the
  // client reads the answer
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const body = JSON.stringify({
      error: {
        code: 'bad_request',
        message: `the request could not be parsed (${error.code ?? 'parse error'})`,
        details: [],
      },
    });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.removeAllListeners('data');
    socket.on('data', () => undefined);
    socket.resume();
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
  return server;
}
