// Headquarters schedules a random surge and follows it to completed, changes the policy with a reason and sees it
// in the history, runs the metrics job and sees it finish; every headquarters page passes axe-core.
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, cloud, expectAccessible, newPage, signInAs } from './browser.js';

afterAll(closeBrowser);

const heading = (page: import('playwright-core').Page) => page.getByRole('heading', { level: 1 }).innerText();

/** A datetime-local value `seconds` from now, in the browser's (the test machine's) local time. */
function localIn(seconds: number): string {
  const date = new Date(Date.now() + seconds * 1000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

describe('headquarters in the console', () => {
  it('schedules a random surge (the API explains a bad field beside it) and follows it to completed', async () => {
    const { context, page, errors } = await newPage();
    await signInAs(page, 'hq', '/surges/new');
    await expect.poll(() => heading(page)).toBe('Schedule a surge operation');
    await expectAccessible(page);
    await page.getByLabel('Mode').selectOption('random');
    await page.getByLabel('Border').selectOption('US-Mexico');
    await page.getByLabel('Count').fill('2');
    await page.getByLabel('Justification').fill('short');
    await page.getByRole('button', { name: 'Schedule operation' }).click();
    await expect.poll(() => page.locator('#justification-error').innerText()).toContain('at least 10 characters');
    await page.getByLabel('Start').fill(localIn(8));
    await page.getByLabel('End').fill(localIn(20));
    await page.getByLabel('Justification').fill('A pulse at the southern border after the currency trend');
    await page.getByRole('button', { name: 'Schedule operation' }).click();
    await expect.poll(() => heading(page)).toMatch(/^Surge operation /);
    await expectAccessible(page);
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return page.locator('dl.facts dd').first().innerText();
        },
        { timeout: 90_000, interval: 2000 },
      )
      .toBe('Completed');
    const history = await page.getByRole('listitem').allInnerTexts();
    for (const status of ['Requested', 'Scheduled', 'Active', 'Completed'])
      expect(history.some((line) => line.includes(status))).toBe(true);
    expect(await page.getByRole('heading', { name: 'Results against the baseline' }).count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBe(2);
    // each selected port by its name and code, as the other pages name a port
    const selected = await page.locator('tbody tr td:first-child').allInnerTexts();
    expect(selected).toHaveLength(2);
    for (const port of selected) expect(port).toMatch(/^\S.* \(\d{4}\)$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('changes the policy with a reason and sees the change in the history', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'hq', '/policy');
    await expect.poll(() => heading(page)).toBe('Policy');
    await page.getByLabel('US-Canada minimum days per week').fill('9');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.locator('#canada-error').innerText()).not.toBe('');
    await expect.poll(() => page.locator('#policy-reason-error').innerText()).toBe('say why the policy changes');
    await page.getByLabel('US-Canada minimum days per week').fill('2');
    await page.getByLabel('Port overrides').fill('2304=7');
    await page.getByLabel('Reason').fill('Laredo carries the most currency: inspect every day');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Saved as version');
    await expect
      .poll(() => page.locator('tbody tr').first().innerText())
      .toContain('Laredo carries the most currency: inspect every day');
    expect(await page.locator('tbody tr').first().innerText()).toContain('hq (hq)');
    expect(await page.locator('tbody tr').first().innerText()).toContain('overrides 2304=7');
    await expectAccessible(page);
    await context.close();
  });

  it('runs the metrics job now and sees it finish', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'hq', '/reports');
    await expect.poll(() => heading(page)).toBe('Reports');
    await page.getByRole('button', { name: 'Run Metrics recompute now' }).click();
    await expect
      .poll(() => page.getByRole('row', { name: /Metrics recompute/ }).innerText(), { timeout: 60_000 })
      .toContain('Finished');
    await expectAccessible(page);
    await context.close();
  });

  it('the overview (whose map opens a port), compliance and a port page pass axe-core and show their headings', async () => {
    const { context, page, errors } = await newPage();
    await signInAs(page, 'hq', '/');
    await expect.poll(() => heading(page)).toBe('National overview');
    await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 60_000 }).toBe(0);
    expect(await page.locator('.chart [role="img"]').count()).toBe(3);
    // the state outlines lie under the map's dots as one image, drawn once and kept across visits
    const map = page.getByRole('img', { name: /^Map of the ports/ }).locator(':scope > svg');
    expect(await map.getAttribute('style')).toMatch(/background: url\("blob:/);
    expect(await map.locator('circle').count()).toBeGreaterThan(100);
    await expectAccessible(page);
    // a dot on the map shows its port's figures under the pointer, and opens the page of the port it stands for
    // (dispatched: neighbouring dots may overlap it)
    const laredo = map.locator('circle[data-port="2304"]');
    await laredo.dispatchEvent('mouseover');
    expect(await laredo.locator('title').textContent()).toMatch(
      /^Laredo \(2304\)\n(Compliant|Below minimum|No inspection): /,
    );
    await laredo.dispatchEvent('click');
    await expect.poll(() => heading(page)).toBe('Laredo (2304)');
    await page.goto(`${cloud.endpoints.web}/#/compliance`);
    await expect.poll(() => heading(page)).toBe('Compliance');
    await page.getByLabel('Border').selectOption('US-Mexico');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(28);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Laredo (2304)' }).click();
    await expect.poll(() => heading(page)).toBe('Laredo (2304)');
    await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0);
    // its inspection days by week against the minimum the policy asks of it, drawn and said
    await expect.poll(() => page.getByText(/the minimum the policy asks for: \d+ days? a week\.$/).count()).toBe(1);
    expect(await page.locator('.chart svg [stroke-dasharray] line').count()).toBe(1);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
