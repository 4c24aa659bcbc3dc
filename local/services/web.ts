// The web apps for the local cloud (CloudFront's stand-in): built as the CDK app builds them, with their config.json
// written beside each, rebuilt on change when watched.
import type { Server } from 'node:http';
import { join } from 'node:path';
import { buildWebApps, watchWebApps } from '../../web/build.js';
import type { WebConfig } from '../../web/security-headers.js';
import { LOCAL_CLIENT_ID } from '../auth.js';
import type { Endpoints } from '../endpoints.js';
import { webRequestHandler } from '../web-server.js';

/** Builds the web apps and serves them on a bound server; returns what stops the watcher (if any). */
export async function serveWeb(
  server: Server,
  options: {
    home: string;
    endpoints: Pick<Endpoints, 'api' | 'auth' | 's3'>;
    watch?: boolean;
    log: (line: string) => void;
  },
): Promise<(() => Promise<void>) | undefined> {
  const { endpoints } = options;
  const webRoot = join(options.home, 'web');
  const webConfig: WebConfig = { api: endpoints.api, issuer: endpoints.auth, clientId: LOCAL_CLIENT_ID };
  let stopWatching: (() => Promise<void>) | undefined;
  if (options.watch) stopWatching = await watchWebApps(webRoot, webConfig, options.log);
  else await buildWebApps(webRoot, webConfig);
  server.on('request', webRequestHandler(webRoot, { api: endpoints.api, auth: endpoints.auth, uploads: endpoints.s3 }));
  return stopWatching;
}
