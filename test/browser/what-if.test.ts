// Headquarters asks what a new minimum frequency would add, beside the policy editor, and reads the estimate.
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, expectAccessible, newPage, signInAs } from './browser.js';

afterAll(closeBrowser);

describe('what-if', () => {
  it('estimates "US-Canada ports: 3 days a week" and marks the ports with too little history', async () => {
    const { context, page, errors } = await newPage();
    await signInAs(page, 'hq', '/policy/what-if');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe('What if the minimum frequency changed?');
    await page.getByLabel('Per-port minimums (port=days, comma separated)').fill('2304=three');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/port=days/);
    await page.getByLabel('Per-port minimums (port=days, comma separated)').fill('');
    await page.getByLabel('US-Canada ports: days a week').fill('3');
    await page.getByRole('button', { name: 'Estimate' }).click();
    // the estimate reads every port's 13 weeks
    await expect
      .poll(() => page.getByRole('heading', { name: /Over the 13 weeks/ }).count(), { timeout: 30_000 })
      .toBe(1);
    // the shared cloud holds no records at 3004, so each of the 13 weeks adds what 3 days ask beyond today's minimum
    // (1 by default; the headquarters test, which shares the cloud, may already have raised it to 2)
    const blaine = page.getByRole('row', { name: /Blaine \(3004\)/ });
    await expect.poll(() => blaine.innerText()).toMatch(/[12] → 3\s+\d+\b[\s\S]*too little history/);
    const [, today, added] = /([12]) → 3\s+(\d+)\b/.exec(await blaine.innerText()) ?? [];
    expect(Number(added)).toBe(13 * (3 - Number(today)));
    expect(await page.getByRole('row', { name: /Laredo \(2304\)/ }).count()).toBe(0);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
