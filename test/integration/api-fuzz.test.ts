// Hostile input on every route: whatever the path, query, headers or body, the API answers a clear 4xx (or success),
// never a 5xx or a stack trace.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes/index.js';
import type { LocalCloud } from '../../local/cloud.js';
import { startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';

let cloud: LocalCloud;
let tokens: string[];

beforeAll(async () => {
  cloud = await startTestCloud();
  tokens = [
    await tokenFor(cloud, { role: 'hq' }),
    await tokenFor(cloud, { role: 'officer', port: '2304' }),
    await tokenFor(cloud, { role: 'supervisor', port: '2304' }),
    await tokenFor(cloud, { role: 'investigator', agency: 'HSI' }),
  ];
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

/** Routes whose success does real work (a report, a job) get no random bodies: their inputs are not free-form. */
const EXPENSIVE = new Set(['POST /reports/weekly', 'POST /jobs/{name}']);

const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '..',
    '../../etc/passwd',
    '%2e%2e%2f',
    '%00',
    'ÿ',
    '🚓',
    ' ',
    "'; DROP TABLE",
    '<script>',
    'x'.repeat(3000),
  ),
);
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '[]', 'null', '"x"', '{"a":'.repeat(2000), `{"k":"${'x'.repeat(300_000)}"}`, '\u0000\uFFFF'),
  fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'undefined'),
);
const query = fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 30 }), segment), {
  maxKeys: 4,
});

describe.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  it('answers hostile paths, queries and bodies with a JSON 4xx or success, never a 5xx or a stack trace', async () => {
    const runs = EXPENSIVE.has(`${route.method} ${route.path}`) ? 3 : 25;
    await fc.assert(
      fc.asyncProperty(segment, query, body, fc.constantFrom(0, 1, 2, 3), async (param, search, payload, who) => {
        const path = route.path.replace(/\{\w+\}/g, encodeURIComponent(param).slice(0, 2000));
        const url = `${cloud.endpoints.api}${path}?${new URLSearchParams(search)}`;
        const sendBody = route.method !== 'GET' && !EXPENSIVE.has(`${route.method} ${route.path}`);
        const response = await fetch(url, {
          method: route.method,
          headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
          ...(sendBody ? { body: payload } : {}),
        });
        const text = await response.text();
        expect(response.status, `${route.method} ${url.slice(0, 200)} → ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
        if (response.status >= 400)
          expect(JSON.parse(text).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }),
      { numRuns: runs },
    );
  });
});

/** Sends bytes exactly as given (no client normalises the path or refuses a header) and reads the answer. */
function rawRequest(lines: string[], body: Buffer): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(cloud.endpoints.api);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, text: answer.slice(answer.indexOf('\r\n\r\n') + 4) });
    });
    const head = [...lines, `Content-Length: ${body.length}`, 'Connection: close', '', ''].join('\r\n');
    // the client keeps its side open until the server has answered and closed (Connection: close)
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  });
}

/** Percent-escapes as a client may send them: valid, truncated, not hex, overlong or lone UTF-8, encoded NUL. */
const percent = fc.oneof(
  fc.constantFrom(
    '%',
    '%%',
    '%zz',
    '%4',
    '%E0%A4%A',
    '%C0%AF',
    '%ff',
    '%FF%FE',
    '%ED%A0%80',
    '%00',
    '%2f',
    '%252e',
    '%u0041',
  ),
  fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[A-Za-z0-9._~-]){1,12}$/),
);
/** A raw path segment: any byte a request line can carry (no space, CR or LF), or percent-escapes. */
const rawSegment = fc.oneof(
  percent,
  fc
    .uint8Array({ minLength: 0, maxLength: 24 })
    .map((bytes) =>
      Buffer.from(bytes.filter((b) => b > 0x20 && b !== 0x7f && b !== 0x3f && b !== 0x23)).toString('latin1'),
    ),
  fc.constantFrom('..', '.', '//', '/./', '\\', '%2e%2e/%2e%2e', 'x'.repeat(5000)),
);
const headerName = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
const headerValue = fc
  .uint8Array({ maxLength: 60 })
  .map((bytes) => Buffer.from(bytes.filter((b) => b === 0x09 || (b >= 0x20 && b !== 0x7f))).toString('latin1'));
const headers = fc.array(
  fc.oneof(
    fc.tuple(headerName, headerValue),
    fc.tuple(
      fc.constantFrom('content-type', 'content-encoding', 'accept', 'origin', 'x-forwarded-for', 'cookie', 'expect'),
      fc.oneof(headerValue, fc.constantFrom('application/json; charset=utf-16', 'gzip', '*/*', 'null', '100-continue')),
    ),
  ),
  { maxLength: 6 },
);
const authorization = fc.oneof(
  fc.constantFrom(0, 1, 2, 3).map((who) => `Bearer ${tokens[who]}`),
  fc.constantFrom('', 'Bearer', 'Bearer  ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'bearer x y'),
  headerValue,
);
const rawBody = fc.oneof(
  body.map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])),
);

describe.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('raw %s', (_name, route) => {
  it('answers raw paths, percent-escapes, any header and any body bytes with a 2xx or 4xx, never a 5xx', async () => {
    const expensive = EXPENSIVE.has(`${route.method} ${route.path}`);
    await fc.assert(
      fc.asyncProperty(
        rawSegment,
        fc.array(fc.tuple(percent, percent), { maxLength: 3 }),
        headers,
        fc.option(authorization, { nil: undefined }),
        rawBody,
        async (param, search, extra, auth, payload) => {
          const path = route.path.replace(/\{\w+\}/g, param);
          const target = `${path}${search.length ? `?${search.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;
          const lines = [
            `${route.method} ${target} HTTP/1.0`,
            'Host: 127.0.0.1',
            ...(auth === undefined ? [] : [`Authorization: ${auth}`]),
            ...extra.map(([name, value]) => `${name}: ${value}`),
          ];
          const sent = route.method === 'GET' || expensive ? Buffer.alloc(0) : payload;
          const { status, text } = await rawRequest(lines, sent);
          const what = `${route.method} ${target.slice(0, 120)} ${JSON.stringify(extra).slice(0, 200)} → ${status} ${text.slice(0, 300)}`;
          expect(status, what).toBeGreaterThanOrEqual(200);
          expect(status, what).toBeLessThan(500);
          expect(text, what).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
          if (status >= 400 && text.length > 0) expect(JSON.parse(text).error, what).toHaveProperty('code');
        },
      ),
      { numRuns: expensive ? 3 : 20 },
    );
  });
});

describe('percent-escapes', () => {
  it('answers a malformed % escape in a path parameter with 400 and says where', async () => {
    const token = tokens[0] as string;
    for (const path of ['/referrals/%E0%A4%A', '/surges/%', '/uploads/%zz', '/ports/%C0']) {
      const { status, text } = await rawRequest(
        [`GET ${path} HTTP/1.0`, 'Host: 127.0.0.1', `Authorization: Bearer ${token}`],
        Buffer.alloc(0),
      );
      expect(status, `${path} → ${text}`).toBe(400);
      expect(JSON.parse(text).error).toMatchObject({
        code: 'bad_request',
        message: expect.stringContaining('percent'),
      });
    }
  });

  it('answers a request Node cannot parse with a JSON 400 the client can read, a large body behind it too', async () => {
    // a control character in the path: Node's parser refuses the request line before the 300 KB body is read
    const { status, text } = await rawRequest(
      ['POST /surges/a\u0001b/cancel HTTP/1.0', 'Host: 127.0.0.1'],
      Buffer.from(`{"k":"${'x'.repeat(300_000)}"}`),
    );
    expect(status, text).toBe(400);
    expect(JSON.parse(text).error).toMatchObject({ code: 'bad_request' });
  });

  it('still answers after all of the above', async () => {
    expect((await fetch(`${cloud.endpoints.api}/health`)).status).toBe(200);
  });
});

describe('tokens', () => {
  it('refuses tampered, unsigned, expired and foreign tokens with 401', async () => {
    const good = tokens[0] as string;
    const [header, payload] = good.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forge = (changes: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url');
    const candidates = [
      `${header}.${forge({ 'custom:role': 'hq', sub: 'mallory' })}.${good.split('.')[2]}`,
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${forge({})}.`,
      `${header}.${forge({ exp: 1 })}.${good.split('.')[2]}`,
      `${header}.${payload}.${'A'.repeat(43)}`,
      'not-a-token',
      '',
    ];
    for (const token of candidates) {
      const response = await fetch(`${cloud.endpoints.api}/ports`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, token.slice(0, 40)).toBe(401);
    }
  });
});
