// Benchmarks of the console (issue 14), in a real Chromium against a local cloud started as `npm start` starts it and
// filled by `outbound demo` (90 days × 111 ports): the JavaScript a signed-in headquarters user's first page loads,
// the national overview drawn against the time of its API requests alone (same page, same run), and the API's p99
// for the figures by border and the compliance list under 20 clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ApiClient } from '../cli/api-client.js';
import { runDemo } from '../cli/demo.js';
import { launchChromium } from '../fixtures/chromium.js';
import { localSecret, mintToken } from '../local/auth.js';
import { startCloudProcess } from '../local/child.js';
import type { Endpoints } from '../local/cloud.js';
import { readUsers } from '../local/users.js';
import { p99Under20Clients } from './groups/api.js';
import { median, pairInAlternatingOrder, pairsUntilSettled, type Result, round, type Settling } from './results.js';

const FIRST_PAGE_BUDGET_KB = 120;
const DRAW_RATIO_BUDGET = 1.5;
const API_REQUESTS_BUDGET = 4;
const P99_BUDGET_MS = 150;
/** Pairs come in rounds until the median of their ratios settles, as field.send_1000's do. */
const SETTLING: Settling = { perRound: 10, minPairs: 20, maxPairs: 50, stable: 0.02, intervalWidth: 0.15 };
/** The module that draws the map and the charts (and brings Plot, d3 and the atlas): esbuild names its chunk so. */
const CHARTS_CHUNK = /\/chunks\/charts-[A-Z0-9]+\.js$/;

/** The few browser globals the in-page functions below use (this project is type-checked without the DOM library). */
declare const document: {
  body: unknown;
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
};
declare const location: { hash: string };
declare const sessionStorage: {
  length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
};
declare function requestAnimationFrame(callback: () => void): number;
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: Record<string, boolean>): void;
  disconnect(): void;
}

interface Script {
  url: string;
  gzipBytes: number;
}

/**
 * Signs in as headquarters through the provider's page and lands on the first page (the national overview), fully
 * drawn. Every JavaScript response of that page load is counted, gzipped, in the order the page asked for it.
 */
async function signInAndLoadFirstPage(page: Page, web: string, user: { username: string; password: string }) {
  await page.goto(`${web}/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  const requested: string[] = [];
  const bodies = new Map<string, Promise<number>>();
  page.on('request', (request) => {
    if (request.resourceType() === 'script' && request.url().startsWith(web)) requested.push(request.url());
  });
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script' && response.url().startsWith(web))
      bodies.set(
        response.url(),
        response.body().then((body) => gzipSync(body, { level: 9 }).length),
      );
  });
  // only what the console loads once the provider sends the browser back with its code counts
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().includes('code=')) requested.length = 0;
  });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === web && !url.search.includes('code='));
  await page.getByRole('heading', { name: 'National overview' }).waitFor();
  await overviewDrawn(page);
  const scripts: Script[] = [];
  for (const url of new Set(requested)) scripts.push({ url, gzipBytes: (await bodies.get(url)) ?? 0 });
  return scripts;
}

/** The page's figures, table, border sections, map and both trend charts are on screen, nothing still loading. */
function overviewDrawn(page: Page) {
  return page.waitForFunction(
    () =>
      document.querySelectorAll('main .chart > [role="img"]').length >= 3 &&
      document.querySelectorAll('main dl.figures').length >= 2 &&
      document.querySelector('main [aria-busy="true"]') === null,
    undefined,
    { timeout: 120_000, polling: 'raf' },
  );
}

/**
 * In the page, with no test driver in the measured window: opens the overview from another page and waits until it is
 * drawn (then one frame more, so layout and paint are in), and lists the API requests it made.
 */
function drawOverview(page: Page, api: string): Promise<{ ms: number; requests: string[] }> {
  // no named functions inside: the page runs this source as it is, without the helpers the transpiler would add
  return page.evaluate(async (api) => {
    location.hash = '#/not-a-page';
    while (document.querySelector('main h1')?.textContent !== 'Not available')
      await new Promise((resolve) => setTimeout(resolve, 10));
    performance.clearResourceTimings();
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (
          document.querySelectorAll('main .chart > [role="img"]').length >= 3 &&
          document.querySelectorAll('main dl.figures').length >= 2 &&
          document.querySelector('main [aria-busy="true"]') === null
        ) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true });
      location.hash = '#/';
    });
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const ms = performance.now() - started;
    const requests = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.startsWith(api));
    return { ms, requests };
  }, api);
}

/** The same requests from the same page with fetch, all at once as the overview makes them, read and parsed. */
function fetchAlone(page: Page, urls: string[]): Promise<number> {
  return page.evaluate(async (urls) => {
    let token = '';
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key?.startsWith('oidc.user:'))
        token = (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { id_token?: string }).id_token ?? '';
    }
    const started = performance.now();
    await Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        return response.json();
      }),
    );
    return performance.now() - started;
  }, urls);
}

/** Chromium's own counters of the page's main thread (seconds, and counts), read outside the measured window. */
async function mainThread(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(metrics.map((metric) => [metric.name, metric.value]));
}

/** What one draw cost the main thread: its tasks, style and layout (ms), and how many times it laid the page out. */
function drawCost(before: Record<string, number>, after: Record<string, number>) {
  const ms = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return {
    taskMs: ms('TaskDuration'),
    styleMs: ms('RecalcStyleDuration'),
    layoutMs: ms('LayoutDuration'),
    layouts: (after.LayoutCount ?? 0) - (before.LayoutCount ?? 0),
  };
}

/** The measurements, against a running local cloud (its home for the users and the token key) filled by the demo. */
export async function measureConsole(
  home: string,
  endpoints: Endpoints,
  browser: Browser,
  data: string,
): Promise<Record<string, Result>> {
  const results: Record<string, Result> = {};
  const token = await mintToken(localSecret(home), { role: 'hq' });
  const hq = readUsers(home).find((user) => user.username === 'hq');
  if (!hq) throw new Error('no hq in users.json');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  // 1. the first page: what loads before it is usable (figures, tables, links), and with the map and charts drawn
  const scripts = await signInAndLoadFirstPage(page, endpoints.web, hq);
  const chartsAt = scripts.findIndex((script) => CHARTS_CHUNK.test(script.url));
  if (chartsAt < 0) throw new Error(`the overview loaded no charts chunk: ${scripts.map((s) => s.url).join(', ')}`);
  const kb = (list: Script[]) => round(list.reduce((n, s) => n + s.gzipBytes, 0) / 1024, 1);
  const usable = scripts.slice(0, chartsAt);
  const firstKb = kb(usable);
  results['console.first_page_js'] = {
    value: firstKb,
    unit: 'KB gzip',
    budget: `≤ ${FIRST_PAGE_BUDGET_KB} KB before the first page is usable`,
    ok: firstKb <= FIRST_PAGE_BUDGET_KB,
    detail: {
      page: 'national overview, headquarters, just signed in',
      usableFiles: usable.length,
      withMapAndChartsKb: kb(scripts),
      mapAndChartsKb: kb(scripts.slice(chartsAt)),
      files: scripts.length,
    },
  };

  // 2. the overview drawn vs its API requests alone, in pairs (the order alternating) after one warm-up of each, in
  // rounds until the median of the pairs' ratios settles
  const first = await drawOverview(page, endpoints.api);
  await fetchAlone(page, first.requests);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let requests = first.requests.length;
  const drawn = async () => {
    const before = await mainThread(cdp);
    const run = await drawOverview(page, endpoints.api);
    requests = Math.max(requests, run.requests.length);
    return { ms: run.ms, cost: drawCost(before, await mainThread(cdp)) };
  };
  const { pairs, movedByLastRound, interval } = await pairsUntilSettled(
    async (index) => {
      const [aloneMs, draw] = await pairInAlternatingOrder(index, () => fetchAlone(page, first.requests), drawn);
      return { drawMs: draw.ms, aloneMs, ratio: draw.ms / aloneMs, cost: draw.cost };
    },
    (pair) => pair.ratio,
    SETTLING,
  );
  const ratios = () => pairs.map((pair) => pair.ratio);
  const ratio = median(ratios());
  const costs = pairs.map((pair) => pair.cost);
  results['console.overview_draw'] = {
    value: round(median(pairs.map((pair) => pair.drawMs)), 1),
    unit: `ms to draw the national overview (median of ${pairs.length})`,
    baseline: round(median(pairs.map((pair) => pair.aloneMs)), 1),
    ratio: round(ratio, 2),
    budget: `≤ ${DRAW_RATIO_BUDGET} × its API requests alone (median of paired ratios)`,
    ok: ratio <= DRAW_RATIO_BUDGET,
    detail: {
      pairs: pairs.length,
      medianMovedByLastRound: round(movedByLastRound, 3),
      medianInterval95: interval.map((r) => round(r)),
      pairedRatios: ratios().map((r) => round(r)),
      drawMs: pairs.map((pair) => round(pair.drawMs, 1)),
      apiAloneMs: pairs.map((pair) => round(pair.aloneMs, 1)),
      firstDrawMs: round(first.ms, 1),
      // medians per draw, the page opened from another one included: where the main thread's time went
      mainThreadPerDraw: {
        taskMs: round(median(costs.map((cost) => cost.taskMs)), 1),
        styleMs: round(median(costs.map((cost) => cost.styleMs)), 1),
        layoutMs: round(median(costs.map((cost) => cost.layoutMs)), 1),
        layouts: median(costs.map((cost) => cost.layouts)),
      },
      requests: first.requests.map((url) => url.slice(endpoints.api.length)),
      data,
    },
  };
  results['console.overview_requests'] = {
    value: requests,
    unit: 'API requests to draw the national overview',
    budget: `≤ ${API_REQUESTS_BUDGET}`,
    ok: requests <= API_REQUESTS_BUDGET,
  };
  await context.close();

  // 3. the API under 20 clients: the figures by border (the overview's 13 weeks) and the compliance list
  const borders = first.requests.find((url) => url.includes('/metrics/borders'));
  if (!borders) throw new Error('the overview asked for no figures by border');
  results['console.api_borders'] = await p99Under20Clients(borders, token, P99_BUDGET_MS);
  results['console.api_compliance'] = await p99Under20Clients(`${endpoints.api}/compliance`, token, P99_BUDGET_MS);
  return results;
}

export async function consoleBenchmarks(): Promise<Record<string, Result>> {
  const home = mkdtempSync(join(tmpdir(), 'outbound-bench-console-'));
  const cloud = await startCloudProcess(home);
  const { endpoints } = cloud;
  const browser = await launchChromium();
  try {
    const token = await mintToken(localSecret(home), { role: 'hq' });
    const started = performance.now();
    const recounted = await runDemo(new ApiClient(endpoints.api, token), {
      days: 90,
      seed: 2304,
      log: () => undefined,
    });
    // the demo's own recount of the metrics job is not what these figures measure: say so, and measure
    if (!recounted) console.error('console: outbound demo loaded its data, but its recount found a mismatch');
    const seconds = round((performance.now() - started) / 1000);
    return await measureConsole(home, endpoints, browser, `outbound demo, 90 days × 111 ports (${seconds} s to load)`);
  } finally {
    await browser.close();
    await cloud.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
