// Each role signs in through the OIDC flow and sees exactly its pages; an expired session returns to sign-in and
// back to the same page.
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, cloud, expectAccessible, newPage, signInAs, userNamed } from './browser.js';

afterAll(closeBrowser);

async function menuOf(page: import('playwright-core').Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
  return (await links.count()) === 0 ? [] : links.allInnerTexts();
}

describe('sign-in and what each role sees', () => {
  it('headquarters lands on the national overview and sees every headquarters page', async () => {
    const { context, page, errors } = await newPage();
    await signInAs(page, 'hq');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('National overview');
    expect(await menuOf(page)).toEqual([
      'National overview',
      'Compliance',
      'Referrals',
      'Surge operations',
      'Policy',
      'What if',
      'Reports',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a supervisor sees the referral queue, the operations and their own port, and no headquarters page', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'supervisor-2304');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Referrals');
    expect(await menuOf(page)).toEqual(['Referrals', 'Surge operations', 'My port']);
    for (const path of ['/policy', '/compliance', '/reports', '/surges/new']) {
      await page.goto(`${cloud.endpoints.web}/#${path}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Not available');
    }
    await context.close();
  });

  it('an investigator sees only the referrals', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'investigator-hsi');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Referrals');
    expect(await menuOf(page)).toEqual(['Referrals']);
    await page.goto(`${cloud.endpoints.web}/#/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Referrals');
    await context.close();
  });

  it("an officer sees the field app's link and nothing of any port", async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'officer-2304');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Field app');
    expect(await menuOf(page)).toEqual([]);
    expect(await page.getByRole('link', { name: 'Open the field app' }).getAttribute('href')).toBe('/field/');
    await page.goto(`${cloud.endpoints.web}/#/ports/2304`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Field app');
    await expectAccessible(page);
    await context.close();
  });

  it('a wrong password is refused on the sign-in page', async () => {
    const { context, page } = await newPage();
    await page.goto(`${cloud.endpoints.web}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Username').fill('hq');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('not right');
    await expectAccessible(page);
    await context.close();
  });

  it('an expired session goes back to sign-in and then to the same page', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'supervisor-2304', '/surges');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Surge operations');
    // the session's tokens have run out and the provider's session has ended
    await page.evaluate(`for (const key of Object.keys(sessionStorage)) {
      if (!key.startsWith('oidc.user:')) continue;
      const user = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.setItem(key, JSON.stringify({ ...user, expires_at: 1, refresh_token: 'spent' }));
    }`);
    await context.clearCookies();
    await page.reload();
    await page.getByLabel('Username').fill('supervisor-2304');
    await page.getByLabel('Password').fill(userNamed('supervisor-2304').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Surge operations');
    expect(new URL(page.url()).hash).toBe('#/surges');
    await context.close();
  });

  it('the web server sends the security headers and the API allows exactly the web origin', async () => {
    const page = await fetch(`${cloud.endpoints.web}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${cloud.endpoints.api} ${cloud.endpoints.auth}`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const config = await (await fetch(`${cloud.endpoints.web}/field/config.json`)).json();
    expect(config).toMatchObject({ api: cloud.endpoints.api, issuer: cloud.endpoints.auth });
    const preflight = (origin: string) =>
      fetch(`${cloud.endpoints.api}/compliance`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    expect((await preflight(cloud.endpoints.web)).headers.get('access-control-allow-origin')).toBe(cloud.endpoints.web);
    expect((await preflight('http://127.0.0.1:1')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
