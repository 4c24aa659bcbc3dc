// Benchmarks of the field app (issue 15), in a real Chromium against a local cloud started as `npm start` starts it:
// the app shell's JavaScript (gzip), the main-thread work of saving one record, and 1,000 queued records sent in a
// handful of batches, at a rate compared with `outbound upload` of the same records as one file in the same run.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page, Request } from 'playwright-core';
import { ApiClient } from '../cli/api-client.js';
import { uploadBatch } from '../cli/upload.js';
import { launchChromium } from '../fixtures/chromium.js';
import { announceQueueChange, deleteMeta, idToken, readStore, saveInPage, seedQueue } from '../fixtures/field-pages.js';
import { inspection } from '../fixtures/records.js';
import { startCloudProcess } from '../local/child.js';
import { readUsers } from '../local/users.js';
import { localIsoString } from '../web/field/local-time.js';
import { median, pairInAlternatingOrder, pairsUntilSettled, type Result, round, type Settling } from './results.js';

const SHELL_BUDGET_KB = 80;
const FRAME_MS = 16;
/** The browser globals the in-page timing below uses (this project is type-checked without the DOM library). */
declare const document: { querySelector(selector: string): { textContent: string | null } | null };
declare const window: {
  addEventListener(type: 'online', listener: () => void, options: { once: true; capture: true }): void;
  sendTimed?: Promise<SendTiming>;
};
/** When the page heard the network return, and when it then showed nothing waiting (its own clock, ms). */
interface SendTiming {
  online: number | undefined;
  nothingWaiting: number;
}
declare const MutationObserver: new (
  callback: () => void,
) => { observe(target: unknown, options: Record<string, boolean>): void; disconnect(): void };

/** Waits for the app's send round to end ("Last sent …"), so that the next step starts with the app at rest. */
const roundEnded = (page: Page) => page.getByText(/^Last sent /).waitFor({ timeout: 60_000 });

const QUEUED = 1_000;
/** Pairs come in rounds until the median ratio settles (as ingest.e2e's), after one pair that warms both paths up. */
const SETTLING: Settling = { perRound: 4, minPairs: 8, maxPairs: 16, stable: 0.02, intervalWidth: 0.15 };

/** The JavaScript the service worker keeps as the app shell (everything the field app loads), gzipped. */
function shellJavaScript(webRoot: string): { kb: number; files: number } {
  const files = (JSON.parse(readFileSync(join(webRoot, 'field', 'shell.json'), 'utf8')) as string[]).filter((f) =>
    f.endsWith('.js'),
  );
  const bytes = files.reduce(
    (total, file) => total + gzipSync(readFileSync(join(webRoot, file)), { level: 9 }).length,
    0,
  );
  return { kb: round(bytes / 1024, 1), files: files.length };
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
}

/**
 * Main-thread time (Chromium's TaskDuration) from the click on "Save" until the record is queued, shown and the form
 * is ready again: the click and the wait happen in the page (no test-driver polling in the measured window).
 */
async function saveCost(page: Page, cdp: CDPSession, samples: number): Promise<number[]> {
  const costs: number[] = [];
  await page.goto(`${page.url().split('#')[0]}#/traffic`);
  const form = page.getByRole('form', { name: 'Traffic count' });
  for (let i = 0; i < samples; i++) {
    await form.getByLabel('Mode').selectOption('truck');
    await form.getByLabel('Exits').fill(String(100 + i));
    await page.waitForTimeout(100);
    const before = await taskSeconds(cdp);
    await saveInPage(page, `Waiting to send: ${i + 1}`);
    await page.waitForTimeout(100);
    costs.push((await taskSeconds(cdp)) - before);
  }
  return costs.map((seconds) => round(seconds * 1000, 2));
}

/**
 * 1,000 records fill a batch, which the app makes while offline (it could take no more records), as it would long
 * before the network returned in the field; the timer starts once it is stored.
 */
async function offlineBatchStored(page: Page): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const batches = await readStore<{ state: string; attempts: number; records: unknown[] }>(page, 'batches');
    if (batches.some((b) => b.state === 'ready' && b.attempts === 0 && b.records.length === QUEUED)) return;
    if (Date.now() > deadline) throw new Error('the app made no batch of the queued records while offline');
    await page.waitForTimeout(50);
  }
}

function records(count: number, device: string, officer: string): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) =>
    inspection({
      recordId: randomUUID(),
      portCode: '2304',
      deviceId: device,
      officerId: officer,
      startedAt: localIsoString(new Date(now - (i + 1) * 60_000)),
    }),
  );
}

export async function fieldBenchmarks(): Promise<Record<string, Result>> {
  const results: Record<string, Result> = {};
  const home = mkdtempSync(join(tmpdir(), 'outbound-bench-field-'));
  const cloud = await startCloudProcess(home);
  const { endpoints } = cloud;
  const browser = await launchChromium();
  try {
    const shell = shellJavaScript(join(home, 'web'));
    results['field.shell_js'] = {
      value: shell.kb,
      unit: 'KB gzip',
      budget: `≤ ${SHELL_BUDGET_KB} KB`,
      ok: shell.kb <= SHELL_BUDGET_KB,
      detail: { files: shell.files },
    };

    const officer = readUsers(home).find((user) => user.username === 'officer-2304');
    if (!officer) throw new Error('no officer-2304 in users.json');
    const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${endpoints.web}/field/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Username').fill(officer.username);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Waiting to send: 0', { exact: true }).waitFor();

    // saving: offline, so that no send runs beside it
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await context.setOffline(true);
    const costs = await saveCost(page, cdp, 25);
    const saveMs = median(costs);
    // offline only so that no send ran beside the saves: no outage to report (its record would be sent in a round of
    // its own, after the "0" the bench waits for, and could still be on its way when the sends below go offline)
    await deleteMeta(page, 'outage');
    results['field.save'] = {
      value: saveMs,
      unit: 'ms main thread per save (median of 25)',
      budget: `< ${FRAME_MS} ms (one frame)`,
      ok: saveMs < FRAME_MS,
      detail: { p90: [...costs].sort((a, b) => a - b)[Math.floor(costs.length * 0.9)], max: Math.max(...costs) },
    };
    await context.setOffline(false);
    await page.getByText('Waiting to send: 0', { exact: true }).waitFor({ timeout: 60_000 });
    await roundEnded(page);

    // 1,000 queued records, against `outbound upload` of as many records as one file
    const token = await idToken(page);
    if (!token) throw new Error('no token in the signed-in page');
    const deviceId = await page.getByText(/device HH-/).innerText();
    const device = /device (HH-[A-Za-z0-9]+)/.exec(deviceId)?.[1] ?? 'HH-bench';
    // the baseline: one file of the same records through `outbound upload`'s own code
    const cliSend = async () => {
      const file = join(home, `baseline-${randomUUID()}.jsonl`);
      writeFileSync(
        file,
        `${records(QUEUED, 'HH-cli', officer.username)
          .map((r) => JSON.stringify(r))
          .join('\n')}\n`,
      );
      const started = performance.now();
      const receipt = await uploadBatch(new ApiClient(endpoints.api, token), file, {
        kind: 'inspections',
        port: '2304',
        device: 'HH-cli',
        timeoutSeconds: 300,
      });
      if (receipt.accepted !== QUEUED) throw new Error(`the baseline upload accepted ${receipt.accepted} of ${QUEUED}`);
      return (performance.now() - started) / 1000;
    };
    // the app: the same number of records queued while offline (where it makes them into a batch, as the CLI's file
    // is written before its timer starts), sent when the network returns, timed until the queue shows nothing
    // waiting; `medianPairTimeline` shows where the app's time went (requests sent and answered)
    const fieldSend = async () => {
      await context.setOffline(true);
      await seedQueue(page, 'inspections', records(QUEUED, device, officer.username));
      // the bench went offline only to queue the records unsent: no outage to report, whose record would be sent in a
      // round of its own after these (the queue then shows 0 for a moment or not, so the time was 1 or 2 rounds)
      await deleteMeta(page, 'outage');
      // the open page reads its queue again (no reload: a page loaded while the context is offline reads
      // navigator.onLine as true, and its first round would start before the network comes back)
      await announceQueueChange(page);
      await page.getByText(`Waiting to send: ${QUEUED}`, { exact: true }).waitFor();
      await offlineBatchStored(page);
      // timed in the page, from its hearing that the network is back to the moment it shows nothing waiting, and
      // awaited without polling: the test driver's own latency (the offline switch, a frame's wait and a round trip to
      // notice the count) added 45–75 ms to each send, where the CLI's time is taken in its own process, and polling
      // every frame kept the browser drawing frames while the ingest ran beside it
      await page.evaluate(() => {
        window.sendTimed = new Promise<SendTiming>((resolve, reject) => {
          let online: number | undefined;
          window.addEventListener(
            'online',
            () => {
              online = performance.now();
            },
            // capturing: heard before the app's own listener starts its round
            { once: true, capture: true },
          );
          const count = document.querySelector('.waiting');
          const observer = new MutationObserver(() => {
            if (count?.textContent?.trim() !== 'Waiting to send: 0') return;
            observer.disconnect();
            resolve({ online, nothingWaiting: performance.now() });
          });
          observer.observe(count, { subtree: true, childList: true, characterData: true });
          setTimeout(() => reject(new Error('the page did not show nothing waiting within 300 s')), 300_000);
        });
      });
      const puts: string[] = [];
      const timeline: string[] = [];
      const started = performance.now();
      const note = (what: string, request: Request) => {
        const path = new URL(request.url()).pathname.replace(/^\/uploads\/.+/, '/uploads/{id}').slice(0, 40);
        timeline.push(`${Math.round(performance.now() - started)} ms ${what} ${request.method()} ${path}`);
      };
      const onRequest = (request: Request) => {
        if (request.method() === 'PUT') puts.push(request.url());
        note('sent', request);
      };
      const onFinished = (request: Request) => note('answered', request);
      const onFailed = (request: Request) => note(`failed (${request.failure()?.errorText ?? '?'})`, request);
      page.on('request', onRequest);
      page.on('requestfinished', onFinished);
      page.on('requestfailed', onFailed);
      await context.setOffline(false);
      const { online, nothingWaiting } = await page.evaluate(() => window.sendTimed as Promise<SendTiming>);
      if (online === undefined) throw new Error('the page showed nothing waiting before it heard the network return');
      const seconds = (nothingWaiting - online) / 1000;
      // the count falls to 0 when the last receipt is read; the round ends once the queue has stored it
      await roundEnded(page);
      page.off('request', onRequest);
      page.off('requestfinished', onFinished);
      page.off('requestfailed', onFailed);
      return { seconds, batches: puts.length, timeline };
    };
    // pairs of one `outbound upload` and one send from the app, the order alternating, so that the machine's drift
    // falls on both alike; the figure is the median of the pairs' ratios
    // the first pair is the first ingest of the CLI's and the app's uploads alike: it is left out (the CLI went
    // first and paid for the cold paths, which put that pair's ratio at 0.95–1.34 in every run)
    const [warmUpCli, warmUpField] = await pairInAlternatingOrder(0, cliSend, fieldSend);
    const { pairs, movedByLastRound, interval } = await pairsUntilSettled(
      async (index) => {
        const [cliSeconds, field] = await pairInAlternatingOrder(index + 1, cliSend, fieldSend);
        return { cliSeconds, fieldSeconds: field.seconds, ratio: cliSeconds / field.seconds, ...field };
      },
      (pair) => pair.ratio,
      SETTLING,
    );
    const ratios = () => pairs.map((pair) => pair.ratio);
    const ratio = median(ratios());
    const fieldSeconds = median(pairs.map((pair) => pair.fieldSeconds));
    const cliSeconds = median(pairs.map((pair) => pair.cliSeconds));
    const batches = Math.max(...pairs.map((pair) => pair.batches));
    const middle = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)];
    results['field.send_1000'] = {
      value: round(QUEUED / fieldSeconds, 1),
      unit: 'records/s to receipts (median of pairs)',
      baseline: round(QUEUED / cliSeconds, 1),
      ratio: round(ratio, 2),
      budget: '≥ 0.8 × outbound upload of one file (median of paired ratios); a handful of batches',
      ok: ratio >= 0.8 && batches <= 10,
      detail: {
        pairs: pairs.length,
        medianMovedByLastRound: round(movedByLastRound, 3),
        medianInterval95: interval.map((r) => round(r)),
        pairedRatios: pairs.map((pair) => round(pair.ratio)),
        fieldSeconds: pairs.map((pair) => round(pair.fieldSeconds)),
        cliSeconds: pairs.map((pair) => round(pair.cliSeconds)),
        batches,
        // 1,000 records fill one batch, which the app made while offline: the send times no batch making
        batchMadeWhileOffline: true,
        warmUpPair: { cliSeconds: round(warmUpCli), fieldSeconds: round(warmUpField.seconds) },
        medianPairTimeline: middle?.timeline,
      },
    };
    await context.close();
  } finally {
    await browser.close();
    await cloud.stop();
    if (existsSync(home)) rmSync(home, { recursive: true, force: true });
  }
  return results;
}
