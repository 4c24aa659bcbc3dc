// Headquarters asks what a new minimum frequency would add, beside the policy editor, and reads the estimate.
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, expectAccessible, newPage, signInAs } from './browser.js';

afterAll(closeBrowser);

describe('what-if', () => {
  it('estimates "US-Canada ports: 2 days a week" and marks the ports with too little history', async () => {
    const { context, page, errors } = await newPage();
    await signInAs(page, 'hq', '/policy/what-if');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe('What if the minimum frequency changed?');
    await page.getByLabel('Per-port minimums (port=days, comma separated)').fill('2304=three');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/port=days/);
    await page.getByLabel('Per-port minimums (port=days, comma separated)').fill('');
    await page.getByLabel('US-Canada ports: days a week').fill('2');
    await page.getByRole('button', { name: 'Estimate' }).click();
    // the estimate reads every port's 13 weeks
    await expect
      .poll(() => page.getByRole('heading', { name: /Over the 13 weeks/ }).count(), { timeout: 30_000 })
      .toBe(1);
    // the shared cloud holds no records: every US-Canada port would add a day beyond today's minimum each week
    const blaine = page.getByRole('row', { name: /Blaine \(3004\)/ });
    await expect.poll(() => blaine.innerText()).toMatch(/1 → 2\s+13\b[\s\S]*too little history/);
    expect(await page.getByRole('row', { name: /Laredo \(2304\)/ }).count()).toBe(0);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
