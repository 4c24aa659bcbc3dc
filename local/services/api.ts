// The HTTP API for the local cloud (API Gateway's stand-in): the API function behind a JWT check, CORS for the web
// apps, and the access audit kept as the API stage's access log keeps it in AWS.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiServer } from '../api-server.js';
import { jwksVerifier } from '../auth.js';
import { lambdaContext, loadHandler } from '../functions.js';
import { bind, closeServer } from '../net.js';

export async function startApi(port: number, options: { home: string; issuer: string; webOrigin: string }) {
  const handler = (await loadHandler('api')) as typeof import('../../functions/api/handler.js').handler;
  // who read or changed what, and the answer
  const accessLog = join(options.home, 'api-access.jsonl');
  const server = createApiServer(
    (event) => handler(event, lambdaContext('outbound-api')),
    jwksVerifier(options.issuer),
    (entry) => appendFileSync(accessLog, `${JSON.stringify(entry)}\n`),
    [options.webOrigin],
  );
  const api = await bind('api', port, server);
  return { endpoint: api.url, stop: () => closeServer(api.server) };
}
