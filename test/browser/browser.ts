// What a browser test needs: the shared cloud's addresses, a page of the shared Chromium, and sign-in through the
// real OIDC flow as one of the local users.
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { readUsers } from '../../local/users.js';
import type { CloudAddress } from '../support/cloud.js';

export const cloud: CloudAddress = { home: inject('cloudHome'), endpoints: inject('endpoints') };

let browser: Browser | undefined;

export async function connectBrowser(): Promise<Browser> {
  browser ??= await chromium.connect(inject('browserEndpoint'));
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export function userNamed(username: string) {
  const user = readUsers(cloud.home).find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no local user ${username}`);
  return user;
}

/** A fresh context (its own cookies and storage), with page errors collected for the test to check. */
export async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await (await connectBrowser()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Opens `path` (a hash route) of the console and signs in through the provider's login page. */
export async function signInAs(page: Page, username: string, path = '/'): Promise<void> {
  const user = userNamed(username);
  await page.goto(`${cloud.endpoints.web}/#${path}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === cloud.endpoints.web && !url.search.includes('code='));
  await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
}

/** axe-core over the page as it stands: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(severe.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
