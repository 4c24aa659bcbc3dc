// HTTP responses of the API, and the one place where named errors become statuses.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '../domain/errors.js';

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...HEADERS, ...headers }, body: JSON.stringify(body) };
}

const STATUS: ReadonlyArray<[new (...args: never[]) => Error, number, string]> = [
  [ValidationError, 400, 'bad_request'],
  [UnauthorizedError, 401, 'unauthorized'],
  [ForbiddenError, 403, 'forbidden'],
  [NotFoundError, 404, 'not_found'],
  [ConflictError, 409, 'conflict'],
  [PayloadTooLargeError, 413, 'payload_too_large'],
];

/** Maps an error to the design's `{ error: { code, message, details } }`; anything unnamed is a 500 without detail. */
export function errorResponse(error: unknown): { response: APIGatewayProxyStructuredResultV2; expected: boolean } {
  for (const [type, statusCode, code] of STATUS) {
    if (error instanceof type) {
      const details = error instanceof ValidationError ? error.details : [];
      return { response: json(statusCode, { error: { code, message: error.message, details } }), expected: true };
    }
  }
  return {
    response: json(500, {
      error: { code: 'internal', message: 'the request could not be completed; it has been logged', details: [] },
    }),
    expected: false,
  };
}
