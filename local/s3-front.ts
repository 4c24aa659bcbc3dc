// The local S3's front door: a small HTTP proxy before s3rver (unmaintained since 2021, which keeps objects as files
// named by their keys). It refuses, with S3's own errors, what S3 would refuse or what would escape the data
// directory, and it honours If-None-Match: * on PUT (S3's conditional write), which s3rver ignores.
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';

/** S3's limit on a key: 1,024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;
/** s3rver stores a key's last segment as a file name plus its own suffix (`._S3rver_metadata.json`, 22 bytes). */
export const MAX_SEGMENT_BYTES = 255 - 22;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

interface Refusal {
  status: number;
  code: string;
  message: string;
}

function errorXml(refusal: Refusal, resource: string): string {
  const escapeXml = (text: string) =>
    text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escapeXml(refusal.message)}</Message><Resource>${escapeXml((resource.split('?')[0] ?? '').slice(0, 200))}</Resource></Error>`;
}

/** What S3 (or the files under the local S3) cannot take in this request's path; undefined when it may pass. */
export function refusalOf(rawPath: string): Refusal | undefined {
  const path = rawPath.split('?')[0] ?? '';
  let segments: string[];
  try {
    segments = path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { status: 400, code: 'InvalidURI', message: 'Couldn\u2019t parse the specified URI.' };
  }
  const [bucket = '', ...keySegments] = segments;
  if (bucket === '') return undefined;
  if (!BUCKET.test(bucket) || bucket.includes('..'))
    return { status: 400, code: 'InvalidBucketName', message: 'The specified bucket is not valid.' };
  const key = keySegments.join('/');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
    return { status: 400, code: 'KeyTooLongError', message: 'Your key is too long' };
  if (keySegments.some((segment) => segment === '..' || segment === '.'))
    return {
      status: 400,
      code: 'InvalidArgument',
      message: 'Object keys with a "." or ".." path segment are not accepted by the local S3',
    };
  if (key.includes('\0') || keySegments.some((s) => Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES))
    return {
      status: 400,
      code: 'InvalidArgument',
      message: `The local S3 keeps objects as files: a key segment may hold at most ${MAX_SEGMENT_BYTES} bytes and no NUL`,
    };
  return undefined;
}

/**
 * A presigned request must carry every header it was signed with (AWS's signature would not match without them;
 * s3rver does not check): a presigned PUT that leaves out If-None-Match is refused as S3 refuses it.
 */
export function missingSignedHeader(req: IncomingMessage): Refusal | undefined {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const signed = query.get('X-Amz-SignedHeaders');
  // a browser's CORS preflight carries no signed header but the URL it asks about
  if (!signed || req.method === 'OPTIONS') return undefined;
  const missing = signed.split(';').filter((name) => name !== 'host' && req.headers[name] === undefined);
  if (missing.length === 0) return undefined;
  return {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message: `The request signature we calculated does not match the signature you provided: send the signed header ${missing.join(', ')}`,
  };
}

function refuse(res: ServerResponse, refusal: Refusal, resource: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(refusal.status, { 'content-type': 'application/xml' });
  res.end(errorXml(refusal, resource));
}

/** Runs the write of one key after the one before it: a conditional PUT checks and writes with no other between. */
class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release = () => undefined as void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

export function createS3Front(upstream: { host: string; port: number }): Server {
  const locks = new KeyLocks();

  const exists = (path: string) =>
    new Promise<boolean>((resolve, reject) => {
      const probe = request({ ...upstream, method: 'HEAD', path }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      probe.on('error', reject);
      probe.end();
    });

  const forward = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const headers = { ...req.headers };
      delete headers.expect; // this front answered 100-continue already
      const upstreamRequest = request({ ...upstream, method: req.method, path: req.url, headers }, (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        upstreamRes.on('end', resolve);
        upstreamRes.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      upstreamRequest.on('error', () => {
        refuse(res, { status: 503, code: 'ServiceUnavailable', message: 'The local S3 did not answer' }, req.url ?? '');
        resolve();
      });
      req.on('error', () => upstreamRequest.destroy());
      req.pipe(upstreamRequest);
    });

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    req.on('error', () => res.destroy());
    res.on('error', () => undefined);
    const refusal = refusalOf(url) ?? missingSignedHeader(req);
    if (refusal) {
      req.resume();
      refuse(res, refusal, url);
      return;
    }
    const path = url.split('?')[0] ?? '/';
    const isObjectPut = req.method === 'PUT' && path.split('/').length > 2 && !/[?&](partNumber|uploadId)=/.test(url);
    if (!isObjectPut || req.headers['if-none-match'] !== '*') {
      void forward(req, res);
      return;
    }
    void locks
      .run(path, async () => {
        if (await exists(path)) {
          req.resume();
          refuse(
            res,
            {
              status: 412,
              code: 'PreconditionFailed',
              message: 'At least one of the pre-conditions you specified did not hold',
            },
            url,
          );
          return;
        }
        await forward(req, res);
      })
      .catch(() =>
        refuse(res, { status: 503, code: 'ServiceUnavailable', message: 'The local S3 did not answer' }, url),
      );
  });
  // a malformed request is answered by Node with 400 and closed; it never reaches a handler or stops the process
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
