// The analyses and the weekly report on the local cloud: each job run, its report in the reports bucket, in
// GET /reports and in the SES store with its PNG charts as inline attachments referenced by Content-ID.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EQUIPMENT, inspection, jsonl, STAFFING } from '../../fixtures/records.js';
import { quarterOf } from '../../functions/domain/analyses/periods.js';
import { addDays } from '../../functions/domain/metrics.js';
import { receiptKeyOfObject } from '../../functions/shared/storage-keys.js';
import type { LocalCloud } from '../../local/cloud.js';
import { api, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
import { emails } from '../support/referrals.js';
import { clientsFor, receiptAt } from '../support/stores.js';

let cloud: LocalCloud;
let hq: string;
const today = new Date().toISOString().slice(0, 10);
const day = addDays(today, -2);
const month = day.slice(0, 7);
const quarter = quarterOf(day);
let batch = 0;

async function upload(kind: string, port: string, body: Buffer) {
  const stores = clientsFor(cloud);
  const key = `incoming/${kind}/${port}/HH-R/r-${++batch}.jsonl`;
  const since = new Date();
  await stores.put(key, body);
  return receiptAt((k) => stores.getJson(k), receiptKeyOfObject(key), since);
}

/** Runs a job through the API: started in the jobs function (202 with its id), followed to done; its result. */
async function runJob(path: string): Promise<Record<string, unknown>> {
  const started = await api(cloud, path, { method: 'POST', token: hq });
  expect(started.status).toBe(202);
  expect(started.body.status).toBe('queued');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const job = await api(cloud, started.body.href, { token: hq });
    if (job.body?.status === 'done') return job.body.result;
    if (job.body?.status === 'failed' || Date.now() > deadline) throw new Error(JSON.stringify(job.body));
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function reportObject(key: string): Promise<Buffer> {
  const s3 = clientsFor(cloud).s3;
  const body = (await s3.send(new GetObjectCommand({ Bucket: cloud.endpoints.reportsBucket, Key: key }))).Body;
  return Buffer.from((await body?.transformToByteArray()) ?? []);
}

type StoredMail = {
  subject: string;
  destination: { to: string[] };
  body: { html: string };
  attachments: Array<{
    filename: string;
    contentType: string;
    cid?: string;
    contentDisposition?: string;
    content: string;
  }>;
};

async function mailWith(subject: string): Promise<StoredMail> {
  const mail = (await emails(cloud)).find((m) => m.subject.startsWith(subject)) as unknown as StoredMail | undefined;
  if (!mail) throw new Error(`no email "${subject}"`);
  return mail;
}

function expectInlinePngs(mail: StoredMail, names: string[]) {
  for (const name of names) {
    const png = mail.attachments.find((a) => a.cid === `${name}@outbound`);
    expect(png, name).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline' });
    expect(
      Buffer.from(png?.content ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  }
  expect(mail.attachments.some((a) => a.contentType === 'text/csv')).toBe(true);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  hq = await tokenFor(cloud, { role: 'hq' });
  await upload(
    'inspections',
    '2304',
    jsonl([
      inspection({
        recordId: 'cb-1',
        startedAt: `${day}T09:00:00-06:00`,
        disposition: 'seized',
        findings: [
          { type: 'currency', amountUsd: 48_000, declared: false },
          { type: 'wildlife', species: 'parrot', count: 3 },
        ],
      }),
      inspection({ recordId: 'cb-2', startedAt: `${day}T10:00:00-06:00`, capturedOffline: true }),
      inspection({
        recordId: 'cb-3',
        startedAt: `${day}T11:00:00-06:00`,
        findings: [{ type: 'electronic_device', searchLevel: 'advanced' }],
      }),
      { recordId: 'cb-bad', portCode: '2304' },
    ]),
  );
  await upload('staffing', '2304', jsonl([{ ...STAFFING, recordId: 'cb-s1', date: day, outboundHours: 16 }]));
  await upload(
    'equipment',
    '2304',
    jsonl([
      { ...EQUIPMENT, recordId: 'cb-e1', observedAt: `${day}T10:00:00-06:00`, minutesDown: 240 },
      {
        ...EQUIPMENT,
        recordId: 'cb-e2',
        observedAt: `${day}T11:00:00-06:00`,
        asset: 'xray',
        status: 'ok',
        minutesDown: 0,
      },
    ]),
  );
  await runJob('/jobs/metrics?lookbackDays=7');
}, 180_000);
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

describe('analyses and reports', () => {
  it('runs the cost-benefit analysis: kept as HTML and CSV, listed, emailed with its charts', async () => {
    const result = await runJob(`/jobs/cost-benefit?period=${quarter}`);
    const keys = result.keys as { html: string; csv: string; charts: string[] };
    expect(keys.html).toBe(`cost-benefit/${quarter}/report.html`);
    const html = (await reportObject(keys.html)).toString();
    expect(html).toContain('Laredo (2304)');
    expect(html).toContain('<svg');
    expect(html).toContain('Program integrity');
    const csv = (await reportObject(keys.csv)).toString();
    const national = csv
      .split('\r\n')
      .find((line) => line.startsWith('NATIONAL,'))
      ?.split(',');
    expect(national?.slice(6, 12)).toEqual(['3', '1', '16', String(16 * 95), '4', '1']);
    expect(keys.charts.length).toBeGreaterThan(0);
    expect((await reportObject(keys.charts[0] as string)).subarray(1, 4).toString()).toBe('PNG');
    const mail = await mailWith(`Outbound cost-benefit analysis, ${quarter}`);
    expect(mail.destination.to).toEqual(['outbound-hq@outbound.example.gov']);
    expectInlinePngs(mail, ['cost-by-border', 'cost-per-seizure']);
  }, 180_000);

  it('runs the infrastructure and connectivity assessment and ranks the port with the outage', async () => {
    const result = await runJob(`/jobs/infrastructure?period=${month}`);
    expect(result.ranked).toContain('2304');
    const html = (await reportObject((result.keys as { html: string }).html)).toString();
    expect(html).toContain('network down 4 h in 1 outage reports');
    const mail = await mailWith(`Outbound infrastructure and connectivity assessment, ${month}`);
    expectInlinePngs(mail, ['problem-ranking', 'connectivity-map']);
  }, 180_000);

  it('sends the weekly report opening with what needs attention, its charts inline by Content-ID', async () => {
    const result = await runJob('/jobs/weekly-report');
    const mail = await mailWith('Outbound weekly report');
    expectInlinePngs(mail, ['inspections-per-day', 'seizures-per-day', 'compliance-map']);
    const html = (await reportObject((result.keys as { html: string }).html)).toString();
    expect(html.indexOf('What changed and what needs attention')).toBeLessThan(html.indexOf('Trend'));
    expect(html).toContain('advanced device searches without a documented approval');
    expect(html).not.toContain('cid:');
  }, 180_000);

  it('lists every report kept in GET /reports, each with addresses that read it', async () => {
    const listed = await api(cloud, '/reports', { token: hq });
    expect(listed.status).toBe(200);
    const kinds = (listed.body.reports as Array<{ kind: string; period: string; html: { url: string } }>).map(
      (r) => `${r.kind}/${r.period}`,
    );
    expect(kinds).toEqual(expect.arrayContaining([`cost-benefit/${quarter}`, `infrastructure/${month}`]));
    expect(kinds.some((k) => k.startsWith('weekly/'))).toBe(true);
    const costBenefit = listed.body.reports.find((r: { kind: string }) => r.kind === 'cost-benefit');
    const page = await fetch(costBenefit.html.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Outbound cost-benefit analysis');
    const officer = await tokenFor(cloud, { role: 'officer', port: '2304' });
    expect((await api(cloud, '/reports', { token: officer })).status).toBe(403);
  }, 60_000);

  it('answers a what-if for headquarters, and says what is wrong with a bad proposal', async () => {
    const answer = await api(cloud, '/analyses/what-if', {
      method: 'POST',
      token: hq,
      body: JSON.stringify({ minimumDaysPerWeek: { 'US-Canada': 2 } }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.weeks).toBe(13);
    const blaine = answer.body.ports.find((p: { portCode: string }) => p.portCode === '3004');
    expect(blaine).toMatchObject({ proposedMinimum: 2, addedInspectionDays: 13, littleData: true });
    const laredo = answer.body.ports.find((p: { portCode: string }) => p.portCode === '2304');
    expect(laredo).toMatchObject({ proposedMinimum: 5, currentMinimum: 5 });
    const bad = await api(cloud, '/analyses/what-if', {
      method: 'POST',
      token: hq,
      body: JSON.stringify({ minimumDaysPerWeek: { 'US-Canada': 9 } }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('US-Canada');
  }, 60_000);
});
