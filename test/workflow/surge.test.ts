// Surge operations on the local Step Functions endpoint, driven through the API with windows of seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import type { LocalCloud } from '../../local/cloud.js';
import { api, putPolicy, runJobThroughApi, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
import { emailsWhen } from '../support/referrals.js';
import { clientsFor, receiptAt } from '../support/stores.js';

let cloud: LocalCloud;
let hq: string;
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

beforeAll(async () => {
  cloud = await startTestCloud();
  hq = await tokenFor(cloud, { role: 'hq' });
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

async function schedule(body: Record<string, unknown>) {
  return api(cloud, '/surges', {
    method: 'POST',
    token: hq,
    body: JSON.stringify({ justification: 'intelligence on currency couriers', ...body }),
  });
}

async function surgeWhen(id: string, ready: (s: Record<string, unknown>) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api(cloud, `/surges/${id}`, { token: hq });
    if (ready(body)) return body;
    if (Date.now() > deadline)
      throw new Error(
        `operation ${id} never got there: ${body.status} ${JSON.stringify(body.failure ?? body).slice(0, 400)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('surge operations', () => {
  it('runs a random operation at two US-Mexico ports: scheduled, active, completed with results, seed and weights recorded', async () => {
    const created = await schedule({
      mode: 'random',
      count: 2,
      border: 'US-Mexico',
      seed: 99,
      start: inSeconds(3),
      // room for the upload to be taken in while the operation is active, on a loaded machine too
      end: inSeconds(12),
    });
    expect(created.status).toBe(202);
    const id = created.body.surgeId as string;
    const scheduled = await surgeWhen(id, (s) => s.status === 'SCHEDULED');
    expect(scheduled.ports).toHaveLength(2);
    expect(scheduled.seed).toBe(99);
    expect(scheduled.selection).toEqual([
      expect.objectContaining({ weight: expect.any(Number), reasons: expect.any(Array), draw: expect.any(Number) }),
      expect.objectContaining({ weight: expect.any(Number), reasons: expect.any(Array), draw: expect.any(Number) }),
    ]);
    const [port] = scheduled.ports as string[];
    await surgeWhen(id, (s) => s.status === 'ACTIVE', 10_000);
    const stores = clientsFor(cloud);
    const key = `incoming/inspections/${port}/HH-S/surge-${id.slice(-6)}.jsonl`;
    const since = new Date();
    await stores.put(
      key,
      jsonl([
        inspection({
          portCode: port,
          surgeId: id,
          startedAt: new Date().toISOString(),
          disposition: 'seized',
          findings: [{ type: 'firearm', count: 1 }],
        }),
      ]),
    );
    await receiptAt((k) => stores.getJson(k), key.replace('incoming/', 'receipts/').replace('.jsonl', '.json'), since);
    const done = await surgeWhen(id, (s) => s.status === 'COMPLETED', 25_000);
    expect(done.results).toMatchObject({ inspections: 1, seizures: 1, hitRate: 1 });
    expect((done.history as Array<{ status: string }>).map((h) => h.status)).toEqual([
      'REQUESTED',
      'SCHEDULED',
      'ACTIVE',
      'COMPLETED',
    ]);
    const completed = `Surge operation ${id} completed at 2 ports`;
    const mail = await emailsWhen(cloud, (sent) => sent.some((m) => m.subject === completed));
    expect(mail.filter((m) => m.subject.startsWith(`Surge operation ${id} at`))).toHaveLength(2);
    expect(mail.find((m) => m.subject === completed)?.destination.to).toEqual(['outbound-hq@outbound.example.gov']);
    const supervisor = await tokenFor(cloud, { role: 'supervisor', port });
    expect((await api(cloud, `/surges/${id}`, { token: supervisor })).status).toBe(200);
    const elsewhere = await tokenFor(cloud, { role: 'supervisor', port: '0103' });
    expect((await api(cloud, `/surges/${id}`, { token: elsewhere })).status).toBe(404);
  });

  it('never puts a port in two overlapping operations, and refuses an intelligence port that is busy', async () => {
    const first = await schedule({
      mode: 'intelligence',
      ports: ['2304', '2305'],
      start: inSeconds(60),
      end: inSeconds(120),
    });
    await surgeWhen(first.body.surgeId, (s) => s.status === 'SCHEDULED');
    const second = await schedule({ mode: 'intelligence', ports: ['2304'], start: inSeconds(90), end: inSeconds(150) });
    const failed = await surgeWhen(second.body.surgeId, (s) => s.status === 'FAILED');
    expect((failed.failure as { cause: string }).cause).toContain('already in an operation overlapping this window');
    const random = await schedule({
      mode: 'random',
      count: 20,
      state: 'Texas',
      start: inSeconds(60),
      end: inSeconds(100),
    });
    const chosen = await surgeWhen(random.body.surgeId, (s) => s.status === 'SCHEDULED');
    expect(chosen.ports).not.toContain('2304');
    expect(chosen.ports).not.toContain('2305');
    for (const id of [first.body.surgeId, random.body.surgeId]) {
      await api(cloud, `/surges/${id}/cancel`, { method: 'POST', token: hq, body: '{"reason":"test done"}' });
    }
  });

  it('cancels an operation while it waits for its start, and one while it is active, recording who and why', async () => {
    const waiting = await schedule({ mode: 'intelligence', ports: ['2402'], start: inSeconds(30), end: inSeconds(60) });
    await surgeWhen(waiting.body.surgeId, (s) => s.status === 'SCHEDULED');
    const cancelled = await api(cloud, `/surges/${waiting.body.surgeId}/cancel`, {
      method: 'POST',
      token: hq,
      body: '{"reason":"intelligence withdrawn"}',
    });
    expect(cancelled).toMatchObject({
      status: 200,
      body: { status: 'CANCELLED', cancelled: { by: 'hq', reason: 'intelligence withdrawn' } },
    });
    const active = await schedule({ mode: 'intelligence', ports: ['2403'], start: inSeconds(2), end: inSeconds(60) });
    await surgeWhen(active.body.surgeId, (s) => s.status === 'ACTIVE', 10_000);
    await api(cloud, `/surges/${active.body.surgeId}/cancel`, {
      method: 'POST',
      token: hq,
      body: '{"reason":"weather closed the crossing"}',
    });
    await new Promise((r) => setTimeout(r, 500));
    const after = await surgeWhen(active.body.surgeId, () => true);
    expect(after).toMatchObject({ status: 'CANCELLED', cancelled: { reason: 'weather closed the crossing' } });
    expect((after.history as Array<{ status: string }>).map((h) => h.status)).toEqual([
      'REQUESTED',
      'SCHEDULED',
      'ACTIVE',
      'CANCELLED',
    ]);
    expect(
      (
        await api(cloud, `/surges/${active.body.surgeId}/cancel`, {
          method: 'POST',
          token: hq,
          body: '{"reason":"again"}',
        })
      ).status,
    ).toBe(409);
  });

  it('schedules a random pulse among the ports below minimum when the compliance job runs with the policy switch on', async () => {
    const current = await api(cloud, '/policy', { token: hq });
    const policy = { ...current.body.policy, autoPulse: true, portOverrides: { '0103': 0 } };
    expect((await putPolicy(cloud, hq, policy, current.body.version)).status).toBe(200);
    const job = await runJobThroughApi(cloud, hq, '/jobs/compliance');
    const { pulse, belowMinimum } = job.body.result;
    expect(belowMinimum).not.toContain('0103');
    expect(pulse.among).toBe(belowMinimum.length);
    const scheduled = await surgeWhen(pulse.surgeId, (s) => s.status === 'SCHEDULED');
    expect(scheduled).toMatchObject({ mode: 'random', createdBy: 'compliance-job' });
    expect(scheduled.ports).toHaveLength(2);
    for (const port of scheduled.ports as string[]) expect(belowMinimum).toContain(port);
    expect((scheduled.selection as Array<{ reasons: string[] }>)[0]?.reasons).toContain(
      'below its minimum inspection frequency',
    );
    await api(cloud, `/surges/${pulse.surgeId}/cancel`, { method: 'POST', token: hq, body: '{"reason":"test done"}' });
  });

  it('refuses bad requests with field errors, and officers altogether', async () => {
    const bad = await schedule({ mode: 'random', count: 2, start: inSeconds(60), end: inSeconds(30) });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { details: [{ field: 'end', message: 'end must be after start' }] } },
    });
    const long = await schedule({ mode: 'random', count: 2, start: inSeconds(60), end: inSeconds(15 * 86_400) });
    expect(long.body.error.details).toContainEqual({ field: 'end', message: 'an operation lasts at most 14 days' });
    const shapeless = await schedule({ mode: 'sometimes', start: 'soon', end: 'later', justification: 'x' });
    expect(shapeless.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'end',
      'justification',
      'mode',
      'start',
    ]);
    const officer = await tokenFor(cloud, { role: 'officer', port: '2304' });
    expect((await api(cloud, '/surges', { method: 'POST', token: officer, body: '{}' })).status).toBe(403);
    expect((await api(cloud, '/surges', { token: officer })).status).toBe(403);
  });
});
