import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { errorResponse, json } from '../../functions/api/responses.js';
import { type Route, Router } from '../../functions/api/router.js';
import { ValidationError } from '../../functions/domain/errors.js';

function event(
  method: string,
  path: string,
  claims?: Record<string, string>,
  body?: string,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    rawPath: path,
    requestContext: { http: { method }, ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}) },
    ...(body !== undefined ? { body } : {}),
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const routes: Route<{ n: number }>[] = [
  { method: 'GET', path: '/open', roles: 'public', summary: '', handle: async ({ deps }) => json(200, { n: deps.n }) },
  {
    method: 'POST',
    path: '/things/{id}',
    roles: ['hq'],
    summary: '',
    handle: async ({ params, body, principal }) => json(201, { id: params.id, body, who: principal?.subject }),
  },
];
const router = new Router(routes, () => ({ n: 7 }));

async function call(e: APIGatewayProxyEventV2WithJWTAuthorizer) {
  try {
    return await router.dispatch(e);
  } catch (error) {
    return errorResponse(error).response;
  }
}

describe('Router', () => {
  it('routes public requests without a token', async () => {
    expect(await call(event('GET', '/open'))).toMatchObject({ statusCode: 200, body: '{"n":7}' });
  });

  it('decodes path parameters and parses the JSON body for an allowed role', async () => {
    const result = await call(event('POST', '/things/a%2Fb', { sub: 'h1', 'custom:role': 'hq' }, '{"x":1}'));
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body ?? '')).toEqual({ id: 'a/b', body: { x: 1 }, who: 'h1' });
  });

  it('answers 401 without a token, 403 for another role, 404 for an unknown path or method, 400 for bad JSON', async () => {
    expect((await call(event('POST', '/things/1'))).statusCode).toBe(401);
    expect(
      (await call(event('POST', '/things/1', { sub: 'o', 'custom:role': 'officer', 'custom:port': '2304' })))
        .statusCode,
    ).toBe(403);
    expect((await call(event('GET', '/nowhere'))).statusCode).toBe(404);
    expect((await call(event('DELETE', '/open'))).statusCode).toBe(404);
    const bad = await call(event('POST', '/things/1', { sub: 'h', 'custom:role': 'hq' }, '{oops'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body ?? '')).toEqual({
      error: { code: 'bad_request', message: 'the body is not valid JSON', details: [] },
    });
  });
});

describe('errorResponse', () => {
  it('keeps field details and hides unexpected errors', () => {
    const refused = errorResponse(new ValidationError('bad', [{ field: 'from', message: 'not a date' }]));
    expect(refused.expected).toBe(true);
    expect(JSON.parse(refused.response.body ?? '')).toEqual({
      error: { code: 'bad_request', message: 'bad', details: [{ field: 'from', message: 'not a date' }] },
    });
    const crash = errorResponse(new TypeError('secret internals at line 3'));
    expect(crash.expected).toBe(false);
    expect(crash.response.statusCode).toBe(500);
    expect(crash.response.body).not.toContain('secret internals');
  });
});
