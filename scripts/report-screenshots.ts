// Screenshots of the reports for docs/reports.md, from a running local cloud (OUTBOUND_HOME): the weekly email as the
// SES viewer holds it, the cost-benefit analysis and the infrastructure assessment as kept in the reports bucket
// (600 px wide, light and dark), and the console's what-if page. Usage: tsx scripts/report-screenshots.ts [outdir]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { readEndpoints } from '../cli/context.js';
import { chromiumLaunchOptions } from '../fixtures/chromium.js';
import { readUsers } from '../local/users.js';

const out = process.argv[2] ?? 'docs/images';
const home = process.env.OUTBOUND_HOME ?? '.outbound';
mkdirSync(out, { recursive: true });
const endpoints = readEndpoints();
const token = async () => {
  const { localSecret, mintToken } = await import('../local/auth.js');
  return mintToken(localSecret(home), { role: 'hq' });
};

const browser = await chromium.launch(await chromiumLaunchOptions());
const shoot = async (name: string, html: string, scheme: 'light' | 'dark', height = 1500) => {
  const page = await browser.newPage({ viewport: { width: 600, height }, colorScheme: scheme });
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path: join(out, `${name}.png`), clip: { x: 0, y: 0, width: 600, height } });
  await page.close();
  console.log(`${out}/${name}.png`);
};

const mails = (
  (await (await fetch(`${endpoints.ses}/store`)).json()) as {
    emails: Array<{ subject: string; body: { html: string } }>;
  }
).emails;
const weekly = mails.filter((m) => m.subject.startsWith('Outbound weekly report')).at(-1);
if (weekly) {
  await shoot('weekly-email', weekly.body.html, 'light', 1700);
  await shoot('weekly-email-dark', weekly.body.html, 'dark', 900);
}
const hq = await token();
const { reports } = (await (
  await fetch(`${endpoints.api}/reports`, { headers: { authorization: `Bearer ${hq}` } })
).json()) as {
  reports: Array<{ kind: string; html: { url: string } }>;
};
for (const kind of ['cost-benefit', 'infrastructure']) {
  const report = reports.find((r) => r.kind === kind);
  if (report) await shoot(kind, await (await fetch(report.html.url)).text(), 'light', 1700);
}

// the console's what-if page, signed in as headquarters through the sign-in page
const user = readUsers(home).find((u) => u.role === 'hq');
if (user && endpoints.web) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${endpoints.web}/#/policy/what-if`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('US-Canada ports: days a week').fill('2');
  await page.getByRole('button', { name: 'Estimate' }).click();
  await page.getByRole('heading', { name: /Over the 13 weeks/ }).waitFor();
  await page.screenshot({ path: join(out, 'what-if.png') });
  console.log(`${out}/what-if.png`);
}
await browser.close();
