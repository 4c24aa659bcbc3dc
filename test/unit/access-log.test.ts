import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { accessLog } from '../../functions/api/access-log.js';
import { httpErrors } from '../../functions/api/http-errors.js';
import { principalFromClaims } from '../../functions/domain/auth.js';

/** The API handler's middleware chain around a route that needs a principal, with the log lines it writes kept. */
function apiWith(lines: Record<string, unknown>[]) {
  const logger = new Logger({ serviceName: 'access-log-test', logLevel: 'INFO' });
  logger.info = ((message: string, extra: Record<string, unknown>) => {
    lines.push({ message, ...extra });
  }) as Logger['info'];
  return middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>()
    .use(accessLog({ logger }))
    .use(httpErrors({ logger }))
    .handler(async (event) => {
      principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
      return { statusCode: 200, body: '{}' };
    });
}

const event = (claims: Record<string, unknown> | undefined) =>
  ({
    rawPath: '/referrals',
    rawQueryString: 'status=ROUTED',
    requestContext: {
      requestId: 'req-1',
      http: { method: 'GET' },
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('the API access line (AWS)', () => {
  it('records the role, port and agency a request was served under, and no caller id', async () => {
    const lines: Record<string, unknown>[] = [];
    const response = await apiWith(lines)(
      event({ sub: 'u-1', 'custom:role': 'investigator', 'custom:agency': 'FinCEN' }),
      {} as Context,
    );
    expect(response.statusCode).toBe(200);
    const access = lines.find((line) => line.message === 'api access');
    expect(access).toEqual({
      message: 'api access',
      requestId: 'req-1',
      method: 'GET',
      path: '/referrals',
      query: 'status=ROUTED',
      status: 200,
      role: 'investigator',
      port: null,
      agency: 'FinCEN',
    });
  });

  it('records no role for a refused token: a group that disagrees, or a role that does not exist', async () => {
    for (const claims of [
      { sub: 'u-2', 'custom:role': 'officer', 'custom:port': '2304', 'cognito:groups': '[hq]' },
      { sub: 'u-3', 'custom:role': 'admin' },
    ]) {
      const lines: Record<string, unknown>[] = [];
      const response = await apiWith(lines)(event(claims), {} as Context);
      expect(response.statusCode).toBe(403);
      expect(lines.find((line) => line.message === 'api access')).toMatchObject({ status: 403, role: null });
    }
  });
});
