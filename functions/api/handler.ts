// The API Lambda: API Gateway (JWT-authorized) events in, JSON out.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../shared/logger.js';
import { accessLog } from './access-log.js';
import { type ApiDeps, createApiDeps } from './deps.js';
import { httpErrors } from './http-errors.js';
import { Router } from './router.js';
import { ROUTES } from './routes/index.js';

let deps: ApiDeps | undefined;
const router = new Router(ROUTES, () => {
  deps ??= createApiDeps();
  return deps;
});

export const handler = middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(accessLog({ logger }))
  .use(httpErrors({ logger }))
  .handler((event) => router.dispatch(event));
