// Hostile input on every route: whatever the path, query or body, the API answers a clear 4xx (or success), never a 5xx or a stack trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes/index.js';
import type { LocalCloud } from '../../local/cloud.js';
import { startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';

let cloud: LocalCloud;
let tokens: string[];

beforeAll(async () => {
  cloud = await startTestCloud();
  tokens = [await tokenFor(cloud, { role: 'hq' }), await tokenFor(cloud, { role: 'officer', port: '2304' })];
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
      fc.asyncProperty(segment, query, body, fc.constantFrom(0, 1), async (param, search, payload, who) => {
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
