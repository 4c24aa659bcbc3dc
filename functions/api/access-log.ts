// The API's access audit in AWS: one line per request with the role it was served under (the stage's access log can
// only repeat the token's claims). It names no caller: the stage's line of the same requestId does, in the access
// log group, so the function's logs carry no user id. Register it before the error handler, so it sees the status.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { servedAs } from '../domain/auth.js';

type ApiRequest = Request<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>;

export function accessLog(options: {
  logger: Logger;
}): MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2> {
  const write = async (request: ApiRequest) => {
    const { event } = request;
    const claims = event.requestContext?.authorizer?.jwt?.claims;
    const principal = servedAs(claims);
    options.logger.info('api access', {
      requestId: event.requestContext?.requestId,
      method: event.requestContext?.http?.method,
      path: event.rawPath,
      query: event.rawQueryString,
      status: request.response?.statusCode ?? 500,
      role: principal?.role ?? null,
      port: principal?.port ?? null,
      agency: principal?.agency ?? null,
    });
  };
  return { after: write, onError: write };
}
