// A middy middleware that turns any error into the API's JSON error response; register it last.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorResponse } from './responses.js';

export function httpErrors(options: { logger: Logger }): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const { response, expected } = errorResponse(request.error);
      if (expected)
        options.logger.info('request refused', { status: response.statusCode, reason: request.error?.message });
      else options.logger.error('request failed', { error: request.error as Error });
      request.response = response;
    },
  };
}
