// Screenshots of the console for docs/console.md, taken from the running local cloud (npm start, npx outbound demo).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../fixtures/chromium.js';

const home = resolve(process.env.OUTBOUND_HOME ?? '.outbound');
const endpoints = JSON.parse(readFileSync(join(home, 'endpoints.json'), 'utf8')) as { web: string };
const users = JSON.parse(readFileSync(join(home, 'users.json'), 'utf8')) as Array<{
  username: string;
  password: string;
}>;
const out = process.argv[2] ?? 'docs';
const shots = (process.argv[3] ?? 'overview,port,referral,surge').split(',');

const browser = await chromium.launch(await chromiumLaunchOptions());
async function signedIn(username: string, path: string) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${endpoints.web}/#${path}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(users.find((u) => u.username === username)?.password ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
async function shoot(page: import('playwright-core').Page, name: string) {
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(out, `console-${name}.png`), fullPage: true });
  console.log(`${out}/console-${name}.png`);
}
if (shots.includes('overview')) await shoot(await signedIn('hq', '/'), 'overview');
if (shots.includes('port')) await shoot(await signedIn('hq', '/ports/2304'), 'port');
if (shots.includes('compliance')) await shoot(await signedIn('hq', '/compliance'), 'compliance');
if (shots.includes('referral')) {
  const page = await signedIn('supervisor-2304', '/referrals');
  const first = page.locator('tbody a').first();
  await first.click();
  await page.getByRole('heading', { level: 1, name: /^Referral/ }).waitFor();
  await shoot(page, 'referral');
}
if (shots.includes('surge')) {
  const page = await signedIn('hq', '/surges');
  const first = page.locator('tbody a').first();
  await first.waitFor();
  await first.click();
  await page.getByRole('heading', { level: 1, name: /^Surge operation / }).waitFor();
  await shoot(page, 'surge');
}
if (shots.includes('surge-form')) await shoot(await signedIn('hq', '/surges/new'), 'surge-form');
if (shots.includes('policy')) await shoot(await signedIn('hq', '/policy'), 'policy');
if (shots.includes('reports')) await shoot(await signedIn('hq', '/reports'), 'reports');
await browser.close();
