// Supervisors decide and investigators answer in the console; the workflow moves on and the audit trail shows it;
// a second answer (a double click, a second tab) is told calmly what already happened.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { api, tokenFor } from '../support/cloud.js';
import { referralWhen, uploadSeizure, waitingFor } from '../support/referrals.js';
import { closeBrowser, cloud, expectAccessible, newPage, signInAs } from './browser.js';

afterAll(closeBrowser);

const heading = (page: import('playwright-core').Page) => page.getByRole('heading', { level: 1 }).innerText();

async function pendingReferral(findings: unknown[]): Promise<string> {
  const [id] = await uploadSeizure(cloud, `console-${randomUUID().slice(0, 8)}`, findings);
  await referralWhen(cloud, id as string, waitingFor('decision'), 60_000);
  return id as string;
}

describe('referral decisions in the console', () => {
  it('a supervisor approves a referral from the queue; the workflow routes it and the audit trail shows who decided', async () => {
    const id = await pendingReferral([{ type: 'currency', amountUsd: 48_000, declared: false }]);
    const { context, page, errors } = await newPage();
    await signInAs(page, 'supervisor-2304', '/referrals');
    await expect.poll(() => heading(page)).toBe('Referrals');
    await page.getByRole('link', { name: id }).click();
    await expect.poll(() => heading(page)).toContain('Laredo (2304)');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => page.getByRole('status').innerText(), { timeout: 20_000 })
      .toContain('Your decision was recorded. Approved by supervisor-2304');
    const routed = await referralWhen(cloud, id, (r) => r.status === 'ROUTED', 30_000);
    expect(routed.decision).toMatchObject({ decision: 'approve', by: 'supervisor-2304', role: 'supervisor' });
    const trail = routed.audit as Array<{ actor: string; toStatus: string }>;
    expect(trail.some((entry) => entry.actor === 'supervisor-2304' && entry.toStatus === 'APPROVED')).toBe(true);
    await page.reload();
    await expect
      .poll(() => page.getByRole('listitem').allInnerTexts())
      .toContainEqual(expect.stringContaining('by supervisor-2304 (supervisor)'));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a decline needs a reason, and the API says so beside the Reason field', async () => {
    const id = await pendingReferral([{ type: 'firearm', count: 1 }]);
    const { context, page } = await newPage();
    await signInAs(page, 'supervisor-2304', `/referrals/${id}`);
    await page.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => page.locator('#reason-error').innerText()).toBe('a decline needs a reason');
    await page.getByLabel('Reason').fill('the seizure was reported twice');
    await page.getByRole('button', { name: 'Decline' }).click();
    await expect
      .poll(() => page.getByRole('status').innerText(), { timeout: 20_000 })
      .toContain('Declined by supervisor-2304');
    await context.close();
  });

  it('a double click and a second tab decide once; the second answer says what already happened', async () => {
    const id = await pendingReferral([{ type: 'ammunition', rounds: 200 }]);
    const { context, page } = await newPage();
    await signInAs(page, 'supervisor-2304', `/referrals/${id}`);
    const second = await context.newPage();
    await second.goto(page.url());
    // a new tab has its own session storage: the provider's session signs it in without asking again
    await second.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => heading(second)).toContain('Laredo (2304)');
    await page.getByRole('button', { name: 'Approve' }).dblclick();
    await expect
      .poll(() => page.getByRole('status').innerText(), { timeout: 20_000 })
      .toContain('Approved by supervisor-2304');
    // the second tab still shows the buttons: its answer is refused and explained, not shown as an error
    await second.getByLabel('Reason').fill('changed my mind');
    await second.getByRole('button', { name: 'Decline' }).click();
    await expect
      .poll(() => second.getByRole('status').innerText(), { timeout: 20_000 })
      .toContain('This referral has already been decided. Approved by supervisor-2304');
    expect(await second.getByRole('alert').count()).toBe(0);
    const after = await referralWhen(cloud, id, (r) => r.status === 'ROUTED', 30_000);
    const decisions = (after.audit as Array<{ toStatus: string }>).filter((e) => e.toStatus === 'APPROVED');
    expect(decisions).toHaveLength(1);
    expect(after.decision).toMatchObject({ decision: 'approve' });
    await context.close();
  });

  it('an HSI investigator accepts an HSI referral with a case number; USFWS cannot see it', async () => {
    const id = await pendingReferral([{ type: 'firearm', count: 3 }]);
    const supervisor = await tokenFor(cloud, { role: 'supervisor', port: '2304' });
    await api(cloud, `/referrals/${id}/decision`, {
      method: 'POST',
      token: supervisor,
      body: JSON.stringify({ decision: 'approve' }),
    });
    await referralWhen(cloud, id, waitingFor('agency'), 30_000);

    const usfws = await newPage();
    await signInAs(usfws.page, 'investigator-usfws', '/referrals');
    await expect.poll(() => heading(usfws.page)).toBe('Referrals');
    expect(await usfws.page.getByRole('link', { name: id }).count()).toBe(0);
    await usfws.page.goto(`${cloud.endpoints.web}/#/referrals/${id}`);
    await expect.poll(() => usfws.page.getByRole('alert').innerText()).toContain('no referral');
    await usfws.context.close();

    const { context, page } = await newPage();
    await signInAs(page, 'investigator-hsi', '/referrals');
    await page.getByRole('link', { name: id }).click();
    await expect.poll(() => heading(page)).toContain('3 firearms');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.locator('#case-number-error').innerText()).toContain('case number');
    await page.getByLabel('Case number').fill('HSI-2026-0042');
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect
      .poll(() => page.getByRole('status').innerText(), { timeout: 20_000 })
      .toContain('Accepted with case number HSI-2026-0042');
    const accepted = await referralWhen(cloud, id, (r) => r.status === 'ACCEPTED', 30_000);
    expect(accepted.agencyResponse).toMatchObject({ accepted: true, caseNumber: 'HSI-2026-0042' });
    await context.close();
  });
});
