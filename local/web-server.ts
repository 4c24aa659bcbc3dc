// The local stand-in for CloudFront in front of the web bucket: the built apps, with the same security headers.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { securityHeaders, type WebPeers } from '../web/security-headers.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Hashed chunks never change; everything else is checked again on each load (as the CDK deployment sets it). */
export function cacheControlFor(path: string): string {
  return /\/(chunks|assets)\//.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function webRequestHandler(
  root: string,
  peers: WebPeers,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const headers = securityHeaders(peers);
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = '/';
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    const send = (status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, { ...headers, 'content-type': type, ...extra });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(405, 'Method not allowed', TYPES['.txt'] as string, { allow: 'GET, HEAD' });
      return;
    }
    if (!file.startsWith(root + sep) && file !== root) {
      send(404, 'Not found', TYPES['.txt'] as string);
      return;
    }
    try {
      const info = await stat(file);
      if (info.isDirectory()) {
        response.writeHead(301, { ...headers, location: `${url.pathname}/` });
        response.end();
        return;
      }
      send(200, await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream', {
        'cache-control': cacheControlFor(path),
      });
    } catch {
      send(404, 'Not found', TYPES['.txt'] as string);
    }
  };
}
