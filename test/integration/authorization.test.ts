// Every route × role × own/other port against the running API, from the matrix kept beside the routes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_MATRIX } from '../../functions/api/routes/access-matrix.js';
import { ROUTES } from '../../functions/api/routes/index.js';
import { type Agency, ROLES, type Role } from '../../functions/domain/auth.js';
import type { LocalCloud } from '../../local/cloud.js';
import { api, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
import { referralWhen, uploadSeizure, waitingFor } from '../support/referrals.js';

const OWN = '2304';
const OTHER = '0103';
let cloud: LocalCloud;
const ids = { pending: '', routed: '', otherPending: '', surge: '', otherSurge: '', wildlife: '', job: '' };
const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** A request for each route, at a given port (the port of the thing it touches). */
const SAMPLES: Record<string, (port: string) => { path: string; method: string; body?: unknown }> = {
  'GET /health': () => ({ method: 'GET', path: '/health' }),
  'GET /ports': () => ({ method: 'GET', path: '/ports' }),
  'GET /ports/{code}': (port) => ({ method: 'GET', path: `/ports/${port}` }),
  'GET /ports/{code}/uploads': (port) => ({ method: 'GET', path: `/ports/${port}/uploads` }),
  'POST /uploads': (port) => ({
    method: 'POST',
    path: '/uploads',
    body: { kind: 'inspections', portCode: port, deviceId: 'HH-AUTHZ' },
  }),
  'GET /uploads/{batchId}': (port) => ({ method: 'GET', path: `/uploads/authz-${port}` }),
  'GET /referrals': (port) => ({ method: 'GET', path: `/referrals?port=${port}` }),
  'GET /referrals/{id}': (port) => ({
    method: 'GET',
    path: `/referrals/${port === OWN ? ids.routed : ids.otherPending}`,
  }),
  'POST /referrals/{id}/decision': (port) => ({
    method: 'POST',
    path: `/referrals/${port === OWN ? ids.pending : ids.otherPending}/decision`,
    body: { decision: 'decline', reason: 'authorization test' },
  }),
  'GET /metrics': (port) => ({ method: 'GET', path: `/metrics?port=${port}&from=2026-11-01&to=2026-11-07` }),
  'GET /metrics/borders': () => ({ method: 'GET', path: '/metrics/borders?from=2026-11-01&to=2026-11-07' }),
  'GET /compliance': () => ({ method: 'GET', path: '/compliance' }),
  'GET /policy': () => ({ method: 'GET', path: '/policy' }),
  'PUT /policy': () => ({
    method: 'PUT',
    path: '/policy',
    body: { policy: { minimumDaysPerWeek: { 'US-Canada': 1, 'US-Mexico': 5 }, staffHourCostUsd: 95 }, version: 999 },
  }),
  'POST /jobs/{name}': () => ({ method: 'POST', path: '/jobs/compliance' }),
  'GET /jobs/{id}': () => ({ method: 'GET', path: `/jobs/${ids.job}` }),
  'POST /reports/weekly': () => ({ method: 'POST', path: '/reports/weekly' }),
  'POST /surges': (port) => ({
    method: 'POST',
    path: '/surges',
    body: {
      mode: 'intelligence',
      ports: [port],
      start: later(48),
      end: later(49),
      justification: 'authorization test',
    },
  }),
  'GET /surges': () => ({ method: 'GET', path: '/surges' }),
  'GET /reports': () => ({ method: 'GET', path: '/reports' }),
  'POST /analyses/what-if': () => ({
    method: 'POST',
    path: '/analyses/what-if',
    body: { minimumDaysPerWeek: { 'US-Canada': 2 } },
  }),
  'GET /surges/{id}': (port) => ({ method: 'GET', path: `/surges/${port === OWN ? ids.surge : ids.otherSurge}` }),
  'POST /surges/{id}/cancel': (port) => ({
    method: 'POST',
    path: `/surges/${port === OWN ? ids.surge : ids.otherSurge}/cancel`,
    body: { reason: 'authorization test' },
  }),
  'POST /referrals/{id}/agency-response': () => ({
    method: 'POST',
    path: `/referrals/${ids.routed}/agency-response`,
    body: { accepted: false, reason: 'authorization test' },
  }),
};

beforeAll(async () => {
  cloud = await startTestCloud();
  const hq = await tokenFor(cloud, { role: 'hq' });
  for (const port of [OWN, OTHER]) {
    await api(cloud, '/uploads', {
      method: 'POST',
      token: hq,
      body: JSON.stringify({ kind: 'inspections', portCode: port, deviceId: 'HH-AUTHZ', batchId: `authz-${port}` }),
    });
  }
  ids.pending = (await uploadSeizure(cloud, 'authz-pending', [{ type: 'firearm', count: 1 }], OWN))[0] as string;
  ids.routed = (await uploadSeizure(cloud, 'authz-routed', [{ type: 'firearm', count: 1 }], OWN))[0] as string;
  ids.otherPending = (await uploadSeizure(cloud, 'authz-other', [{ type: 'firearm', count: 1 }], OTHER))[0] as string;
  ids.wildlife = (
    await uploadSeizure(cloud, 'authz-wildlife', [{ type: 'wildlife', species: 'Testudo graeca', count: 2 }], OWN)
  )[0] as string;
  await referralWhen(cloud, ids.pending, waitingFor('decision'));
  await referralWhen(cloud, ids.otherPending, waitingFor('decision'));
  await referralWhen(cloud, ids.routed, waitingFor('decision'));
  const supervisor = await tokenFor(cloud, { role: 'supervisor', port: OWN });
  await api(cloud, `/referrals/${ids.routed}/decision`, {
    method: 'POST',
    token: supervisor,
    body: '{"decision":"approve"}',
  });
  await referralWhen(cloud, ids.routed, waitingFor('agency'));
  ids.job = (await api(cloud, '/jobs/compliance', { method: 'POST', token: hq })).body.jobId;
  await referralWhen(cloud, ids.wildlife, waitingFor('decision'));
  await api(cloud, `/referrals/${ids.wildlife}/decision`, {
    method: 'POST',
    token: supervisor,
    body: '{"decision":"approve"}',
  });
  await referralWhen(cloud, ids.wildlife, waitingFor('agency'));
  for (const [key, port] of [
    ['surge', OWN],
    ['otherSurge', OTHER],
  ] as const) {
    const created = await api(cloud, '/surges', {
      method: 'POST',
      token: hq,
      body: JSON.stringify({
        mode: 'intelligence',
        ports: [port],
        start: later(24),
        end: later(25),
        justification: 'authorization test',
      }),
    });
    ids[key] = created.body.surgeId;
  }
  for (let i = 0; i < 100; i++) {
    const { body } = await api(cloud, `/surges/${ids.surge}`, { token: hq });
    const other = await api(cloud, `/surges/${ids.otherSurge}`, { token: hq });
    if (body.status === 'SCHEDULED' && other.body.status === 'SCHEDULED') break;
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

const routeKeys = ROUTES.map((route) => `${route.method} ${route.path}`);

describe('the access matrix', () => {
  it('has a row and a sample for every route, and no row for a route that does not exist', () => {
    expect(Object.keys(ACCESS_MATRIX).sort()).toEqual([...routeKeys].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...routeKeys].sort());
  });

  it('agrees with the roles each route declares', () => {
    for (const route of ROUTES) {
      const row = ACCESS_MATRIX[`${route.method} ${route.path}`];
      for (const role of ROLES) {
        if (route.roles !== 'public' && !route.roles.includes(role))
          expect(row?.[role], `${route.method} ${route.path} ${role}`).toBe('forbidden');
      }
    }
  });
});

async function call(key: string, role: Role | undefined, samplePort: string, tokenPort: string) {
  const sample = SAMPLES[key]?.(samplePort);
  if (!sample) throw new Error(`no sample for ${key}`);
  const token = role
    ? await tokenFor(cloud, {
        role,
        ...(role === 'officer' || role === 'supervisor' ? { port: tokenPort } : {}),
        ...(role === 'investigator' ? { agency: 'HSI' as const } : {}),
      })
    : undefined;
  return api(cloud, sample.path, {
    method: sample.method,
    ...(token ? { token } : {}),
    ...(sample.body ? { body: JSON.stringify(sample.body) } : {}),
  });
}

describe.each(routeKeys)('%s', (key) => {
  const row = ACCESS_MATRIX[key] as Record<Role, string>;

  it('needs a token unless public', async () => {
    const route = ROUTES.find((r) => `${r.method} ${r.path}` === key);
    const answer = await call(key, undefined, OWN, OWN);
    if (route?.roles === 'public') expect(answer.status).toBe(200);
    else expect(answer).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it.each(ROLES)('answers %s as the matrix says, at its own port and another', async (role) => {
    const access = row[role];
    const own = await call(key, role, OWN, OWN);
    const other = await call(key, role, OTHER, OWN);
    for (const answer of [own, other]) {
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
      if (answer.status >= 400)
        expect(answer.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    if (access === 'forbidden') {
      expect(own.status).toBe(403);
    } else if (access === 'hidden') {
      expect(own.status).toBe(404);
    } else {
      expect([401, 403, 404]).not.toContain(own.status);
      if (access === 'own-port') expect([403, 404]).toContain(other.status);
      else expect([401, 403]).not.toContain(other.status);
    }
  });
});

describe('investigators see their agency only', () => {
  const investigator = (agency: Agency) => tokenFor(cloud, { role: 'investigator', agency });
  const listed = async (agency: Agency) =>
    (await api(cloud, '/referrals', { token: await investigator(agency) })).body.referrals.map(
      (r: { referralId: string }) => r.referralId,
    );

  it('lists only the referrals routed to the investigator’s agency', async () => {
    // a firearm goes to HSI alone; wildlife to HSI and USFWS
    expect(await listed('HSI')).toEqual(expect.arrayContaining([ids.routed, ids.wildlife]));
    expect(await listed('USFWS')).toContain(ids.wildlife);
    expect(await listed('USFWS')).not.toContain(ids.routed);
    expect(await listed('FinCEN')).not.toContain(ids.routed);
    expect(await listed('FinCEN')).not.toContain(ids.wildlife);
  });

  it('answers another agency’s referral as if it did not exist, to read and to answer', async () => {
    const usfws = await investigator('USFWS');
    expect((await api(cloud, `/referrals/${ids.wildlife}`, { token: usfws })).status).toBe(200);
    const hidden = await api(cloud, `/referrals/${ids.routed}`, { token: usfws });
    expect(hidden).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(JSON.stringify(hidden.body)).not.toContain('firearm');
    const answer = await api(cloud, `/referrals/${ids.routed}/agency-response`, {
      method: 'POST',
      token: usfws,
      body: JSON.stringify({ accepted: true, caseNumber: 'FWS-1' }),
    });
    expect(answer.status).toBe(404);
    const fincen = await investigator('FinCEN');
    expect((await api(cloud, `/referrals/${ids.wildlife}`, { token: fincen })).status).toBe(404);
  });

  it('refuses an investigator token that names no agency', async () => {
    const bare = await tokenFor(cloud, { role: 'investigator' });
    expect(await api(cloud, '/referrals', { token: bare })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
  });
});

describe('supervisors see the operations at their port only', () => {
  it('shows a supervisor the window at their port, never headquarters’ justification, other ports or weights', async () => {
    const hq = await tokenFor(cloud, { role: 'hq' });
    const wide = await api(cloud, '/surges', {
      method: 'POST',
      token: hq,
      body: JSON.stringify({
        mode: 'intelligence',
        ports: [OWN, OTHER],
        start: later(72),
        end: later(73),
        justification: 'informant named a courier crossing on Tuesday',
      }),
    });
    expect(wide.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      if ((await api(cloud, `/surges/${wide.body.surgeId}`, { token: hq })).body.status === 'SCHEDULED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const supervisor = await tokenFor(cloud, { role: 'supervisor', port: OWN });
    const one = await api(cloud, `/surges/${wide.body.surgeId}`, { token: supervisor });
    expect(one.status).toBe(200);
    expect(one.body.ports).toEqual([OWN]);
    const list = await api(cloud, '/surges', { token: supervisor });
    const seen = list.body.surges.find((s: { surgeId: string }) => s.surgeId === wide.body.surgeId);
    expect(seen).toMatchObject({ surgeId: wide.body.surgeId, ports: [OWN] });
    for (const body of [one.body, list.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('informant');
      expect(text).not.toContain('authorization test');
      expect(text).not.toContain(OTHER);
      expect(text).not.toContain('"selection"');
    }
    const full = await api(cloud, `/surges/${wide.body.surgeId}`, { token: hq });
    expect(full.body.request.justification).toContain('informant');
  });
});

describe('the access log', () => {
  it('records the role each request was served under, and none for a refused token', async () => {
    const since = Date.now();
    const hq = await tokenFor(cloud, { role: 'hq' });
    const bogus = await tokenFor(cloud, { role: 'admin' as Role });
    const bare = await tokenFor(cloud, { role: 'investigator' });
    const fws = await tokenFor(cloud, { role: 'investigator', agency: 'USFWS' });
    expect((await api(cloud, '/ports', { token: hq })).status).toBe(200);
    expect((await api(cloud, '/ports?who=bogus', { token: bogus })).status).toBe(403);
    expect((await api(cloud, '/ports?who=bare', { token: bare })).status).toBe(403);
    expect((await api(cloud, '/ports?who=fws', { token: fws })).status).toBe(200);
    const entries = readFileSync(join(cloud.home, 'api-access.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((e) => e.path === '/ports' && Date.parse(e.time) >= since);
    const byQuery = Object.fromEntries(entries.map((e) => [e.query, e]));
    expect(byQuery['']).toMatchObject({ status: 200, role: 'hq', caller: 'hq' });
    expect(byQuery['who=bogus']).toMatchObject({ status: 403, role: null });
    expect(byQuery['who=bare']).toMatchObject({ status: 403, role: null });
    expect(byQuery['who=fws']).toMatchObject({ status: 200, role: 'investigator', agency: 'USFWS' });
  });
});
