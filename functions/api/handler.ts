// The API Lambda: API Gateway (JWT-authorized) events in, JSON out.
// The runtime's SDK packages load before our modules: that cold start measures shorter (docs/performance.md).
import '@aws-sdk/client-dynamodb';
import '@aws-sdk/lib-dynamodb';
import '@aws-sdk/client-s3';
import '@aws-sdk/lib-storage';
import '@aws-sdk/s3-request-presigner';
import '@aws-sdk/client-sfn';
import '@aws-sdk/client-lambda';
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
