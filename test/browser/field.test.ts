// The field app in a real Chromium against the shared local cloud: offline capture that survives a reload and a
// browser restart, sends cut at random points, a rejected record corrected, two tabs, a shared device, accessibility.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Locator, type Page, chromium as playwright, type Route } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../fixtures/chromium.js';
import {
  announceQueueChange,
  captureEquipment,
  captureInspection,
  captureStaffing,
  captureTraffic,
  forgetSession,
  open,
  readStore,
  seedQueue,
  signIn,
  storedQueue,
  waitForOfflineShell,
  waiting,
} from '../../fixtures/field-pages.js';
import { inspection } from '../../fixtures/records.js';
import { localDateOf, localIsoString } from '../../web/field/local-time.js';
import { MAX_BATCH_RECORDS } from '../../web/field/queue/batching.js';
import { tokenFor } from '../support/cloud.js';
import { closeBrowser, cloud, expectAccessible, newPage, userNamed } from './browser.js';

afterAll(closeBrowser);

const fieldUrl = () => `${cloud.endpoints.web}/field/`;

/** Waits until the page shows it (the first match). */
async function shown(locator: Locator, timeout = 120_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

async function apiAs(role: 'hq' | 'supervisor', path: string, init: RequestInit = {}, port?: string) {
  const token = await tokenFor(cloud, { role, ...(port ? { port } : {}) });
  const response = await fetch(`${cloud.endpoints.api}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Recomputes the metrics now (as the nightly job does) and sums the port's figures over the days around today. */
async function metricsOf(port: string) {
  const started = await apiAs('hq', '/jobs/metrics', { method: 'POST' });
  expect([200, 202]).toContain(started.status);
  const jobId = (started.body.jobId ?? started.body.id) as string | undefined;
  if (started.status === 202 && jobId) {
    await expect
      .poll(async () => (await apiAs('hq', `/jobs/${jobId}`)).body.status, { timeout: 60_000 })
      .toMatch(/succeeded|completed|done/i);
  }
  const today = new Date();
  const day = (offset: number) => localDateOf(new Date(today.getTime() + offset * 86_400_000));
  const answer = await apiAs('hq', `/metrics?port=${port}&from=${day(-1)}&to=${day(1)}&granularity=day`);
  expect(answer.status).toBe(200);
  const periods = answer.body.periods as Array<Record<string, number>>;
  const sum = (name: string) => periods.reduce((total, period) => total + (period[name] ?? 0), 0);
  return {
    inspections: sum('inspections'),
    exits: sum('exits'),
    staffHours: sum('outboundStaffHours'),
    seizures: sum('seizures'),
    currency: sum('currencySeizedUsd'),
  };
}

async function openField(page: Page, username: string) {
  await page.goto(fieldUrl());
  await signIn(page, userNamed(username));
}

describe('the field app', () => {
  it('captures every kind offline, opens again offline after a reload and a browser restart, and sends each record exactly once when the network returns', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'outbound-field-profile-'));
    const launch = async (offline: boolean): Promise<BrowserContext> =>
      playwright.launchPersistentContext(profile, {
        ...(await chromiumLaunchOptions()),
        offline,
        viewport: { width: 420, height: 900 },
      });
    const before = await metricsOf('2404');
    let context = await launch(false);
    try {
      let page = context.pages()[0] ?? (await context.newPage());
      await openField(page, 'officer-2404');
      await waitForOfflineShell(page);
      await waiting(page, 0);

      await context.setOffline(true);
      await captureInspection(page, { currencyUsd: 12_500 });
      await captureTraffic(page, 417);
      await captureStaffing(page, 7.5);
      await captureEquipment(page);
      await waiting(page, 4);

      await page.reload();
      await waiting(page, 4);

      await context.close();
      context = await launch(true);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(fieldUrl());
      await waiting(page, 4);
      expect(await storedQueue(page)).toHaveLength(4);

      await context.setOffline(false);
      await waiting(page, 0);
      await open(page, 'Receipts');
      const receipts = page.getByRole('region', { name: 'Receipts' });
      // the four records, and the outage the app measured while offline (asset: network)
      await expect.poll(() => receipts.getByText('Accepted', { exact: true }).count()).toBe(5);
      expect(await receipts.getByText('Rejected', { exact: true }).count()).toBe(0);
      expect(await storedQueue(page)).toEqual([]);

      const after = await metricsOf('2404');
      expect(after.inspections - before.inspections).toBe(1);
      expect(after.seizures - before.seizures).toBe(1);
      expect(after.currency - before.currency).toBe(12_500);
      expect(after.exits - before.exits).toBe(417);
      expect(after.staffHours - before.staffHours).toBe(7.5);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 300_000);

  it('loses nothing and doubles nothing when sends are cut at random points', async () => {
    const before = await metricsOf('2304');
    const { context, page, errors } = await newPage();
    await openField(page, 'officer-2304');
    const uploads = new URL(cloud.endpoints.s3).origin;
    const api = new URL(cloud.endpoints.api).origin;
    let seed = 20_261_128;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    type Cut = 'request-before' | 'request-after' | 'put-before' | 'put-after' | 'receipt';
    const cuts: Cut[] = ['request-before', 'request-after', 'put-before', 'put-after', 'receipt'];
    let cut: Cut | undefined;
    /** The first request the current cut applies to fails: before it reaches the server, or after (answer lost). */
    const cutOnce = async (route: Route, which: Cut[]) => {
      if (!cut || !which.includes(cut)) return route.continue();
      const wanted = cut;
      cut = undefined;
      if (wanted.endsWith('after')) await route.fetch();
      return route.abort('failed');
    };
    await page.route(`${api}/uploads`, (route) => cutOnce(route, ['request-before', 'request-after']));
    await page.route(`${api}/uploads/*`, (route) => cutOnce(route, ['receipt']));
    await page.route(`${uploads}/**`, (route) =>
      route.request().method() === 'PUT' ? cutOnce(route, ['put-before', 'put-after']) : route.continue(),
    );
    let total = 0;
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const exits = 1000 + round;
      total += exits;
      await captureTraffic(page, exits);
      cut = cuts[Math.floor(random() * cuts.length)];
      await page.getByRole('button', { name: 'Send now' }).click();
      await expect.poll(() => page.getByText(/Sending failed|Last sent/).count(), { timeout: 30_000 }).toBe(1);
    }
    cut = undefined;
    await page.getByRole('button', { name: 'Send now' }).click();
    await waiting(page, 0, 90_000);
    // the failed sends' connectivity record joins the queue once a send goes through, and goes out in a round of its own
    await expect.poll(() => storedQueue(page), { timeout: 30_000 }).toEqual([]);
    // every record stored once: the port's exits grew by exactly what was captured
    const after = await metricsOf('2304');
    expect(after.exits - before.exits).toBe(total);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('shows a rejected record with its reason; corrected and resent, it is accepted', async () => {
    const { context, page } = await newPage();
    await openField(page, 'officer-2304');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const typed = `${localDateOf(tomorrow)}T10:00`;
    await captureInspection(page, { startedAt: typed });
    await shown(page.getByText(/Needs correction: 1/));
    await open(page, 'Queue');
    const queue = page.getByRole('region', { name: 'Queue' });
    await shown(queue.getByText('Rejected', { exact: true }));
    expect(await queue.getByRole('list', { name: 'Reasons' }).innerText()).toContain('Started at is in the future');
    await queue.getByRole('link', { name: 'Correct and resend' }).click();
    const form = page.getByRole('form', { name: 'Inspection' });
    await shown(form.getByText('Started at is in the future'));
    await form.getByLabel('Started at').fill(`${localDateOf(new Date())}T00:05`);
    await form.getByRole('button', { name: 'Save and resend' }).click();
    await waiting(page, 0);
    await expect.poll(async () => (await storedQueue(page)).length, { timeout: 60_000 }).toBe(0);
    await open(page, 'Receipts');
    await shown(page.getByRole('region', { name: 'Receipts' }).getByText('Accepted', { exact: true }).first());
    await context.close();
  });

  it('sends nothing twice from two tabs', async () => {
    const { context, page } = await newPage();
    await openField(page, 'officer-2304');
    const second = await context.newPage();
    await second.goto(fieldUrl());
    await waiting(second, 0);
    await context.setOffline(true);
    for (let i = 0; i < 3; i++) await captureTraffic(page, 2000 + i);
    await captureTraffic(second, 2003);
    await waiting(page, 4);
    await waiting(second, 4);
    const puts: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'PUT') puts.push(new URL(request.url()).pathname);
    });
    await context.setOffline(false);
    await waiting(page, 0);
    await waiting(second, 0);
    expect(new Set(puts).size).toBe(puts.length);
    const batches = await readStore<{ receipt?: { accepted: number; duplicates: number } }>(page, 'batches');
    expect(batches.reduce((n, b) => n + (b.receipt?.duplicates ?? 0), 0)).toBe(0);
    expect(batches.reduce((n, b) => n + (b.receipt?.accepted ?? 0), 0)).toBeGreaterThanOrEqual(4);
    await context.close();
  }, 300_000);

  it('makes a full batch while offline, shows its records as waiting, and sends it first when the network returns', async () => {
    const { context, page } = await newPage();
    await openField(page, 'officer-2304');
    await context.setOffline(true);
    const now = Date.now();
    const count = MAX_BATCH_RECORDS + 1;
    const records = Array.from({ length: count }, (_, i) =>
      inspection({
        recordId: randomUUID(),
        portCode: '2304',
        deviceId: 'HH-full-batch',
        officerId: 'officer-2304',
        startedAt: localIsoString(new Date(now - (count - i) * 60_000)),
      }),
    );
    // as if saved in another tab: this one hears of them and reads its queue again
    await seedQueue(page, 'inspections', records);
    await announceQueueChange(page);
    await waiting(page, count);
    type StoredBatch = { batchId: string; records: unknown[]; attempts: number; receipt?: { accepted: number } };
    await expect
      .poll(async () => (await readStore<StoredBatch>(page, 'batches')).map((b) => [b.records.length, b.attempts]), {
        timeout: 30_000,
      })
      .toEqual([[MAX_BATCH_RECORDS, 0]]);
    const [offlineBatch] = await readStore<StoredBatch>(page, 'batches');
    // the queue read again from IndexedDB shows the batch's records waiting, not being sent
    await announceQueueChange(page);
    await open(page, 'Queue');
    await shown(page.getByText(`${count} waiting · 0 being sent`, { exact: false }));

    const puts: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'PUT') puts.push(new URL(request.url()).pathname);
    });
    await context.setOffline(false);
    await waiting(page, 0);
    expect(puts[0]).toContain(offlineBatch?.batchId);
    const batches = await readStore<StoredBatch>(page, 'batches');
    expect(batches.find((b) => b.batchId === offlineBatch?.batchId)?.receipt?.accepted).toBe(MAX_BATCH_RECORDS);
    await expect.poll(async () => (await storedQueue(page)).length, { timeout: 60_000 }).toBe(0);
    await context.close();
  }, 300_000);

  it("keeps an officer's records when the session expires, and never sends them under another officer's name", async () => {
    const { context, page } = await newPage();
    await openField(page, 'officer-2304');
    await context.setOffline(true);
    await captureTraffic(page, 3001);
    await waiting(page, 1);
    // the session ends while the device is offline, at the provider too
    await forgetSession(page);
    await context.clearCookies();
    await page.reload();
    await waiting(page, 1);
    await context.setOffline(false);
    await shown(page.getByText('Your session has expired.', { exact: false }).first());
    await waiting(page, 1);

    // another officer of the same port picks up the device and signs in: the first officer's record stays unsent
    await page.getByRole('button', { name: 'Sign in again' }).click();
    const supervisor = userNamed('supervisor-2304');
    await page.getByLabel('Username').fill(supervisor.username);
    await page.getByLabel('Password').fill(supervisor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('supervisor-2304 · port').waitFor();
    await waiting(page, 0);
    await shown(page.getByText('1 records of another officer wait on this device'));
    await page.getByRole('button', { name: 'Send now' }).click();
    await shown(page.getByText(/Last sent/));
    expect((await storedQueue(page)).map((r) => r.state)).toEqual(['waiting']);
    await context.close();
  });

  it('has no serious or critical accessibility violation', async () => {
    const { context, page } = await newPage();
    await openField(page, 'officer-2304');
    const form = page.getByRole('form', { name: 'Inspection' });
    await form.getByRole('button', { name: 'Add finding' }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await shown(form.getByText('Travelers is required'));
    await expectAccessible(page);
    // the other forms share these fields; equipment adds the note (a textarea); then the queue and the receipts
    for (const tab of ['Equipment', 'Queue', 'Receipts'] as const) {
      await open(page, tab);
      await expectAccessible(page);
    }
    await context.close();
  }, 300_000);
});
