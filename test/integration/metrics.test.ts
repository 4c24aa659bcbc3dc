// Metrics, compliance, policy and the weekly report against the local cloud, from uploads to email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import { addDays } from '../../functions/domain/metrics.js';
import { receiptKeyOfObject } from '../../functions/shared/storage-keys.js';
import type { LocalCloud } from '../../local/cloud.js';
import { sdkFaults } from '../../local/faults.js';
import { api, putPolicy, runJobThroughApi, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
import { emails } from '../support/referrals.js';
import { clientsFor, receiptAt } from '../support/stores.js';

let cloud: LocalCloud;
let hq: string;
const today = new Date().toISOString().slice(0, 10);
const day1 = addDays(today, -2);
const day2 = addDays(today, -1);
let batch = 0;

async function upload(kind: string, port: string, body: string | Buffer) {
  const stores = clientsFor(cloud);
  const key = `incoming/${kind}/${port}/HH-M/m-${++batch}.${typeof body === 'string' ? 'csv' : 'jsonl'}`;
  const since = new Date();
  await stores.put(key, body);
  return receiptAt((k) => stores.getJson(k), receiptKeyOfObject(key), since);
}

const runJob = async (name: string) => runJobThroughApi(cloud, hq, `/jobs/${name}`);
const metrics = async (query: string, token = hq) => api(cloud, `/metrics?${query}`, { token });

beforeAll(async () => {
  cloud = await startTestCloud();
  hq = await tokenFor(cloud, { role: 'hq' });
  await upload(
    'inspections',
    '2304',
    jsonl([
      inspection({
        recordId: 'mx-1',
        startedAt: `${day1}T09:00:00-06:00`,
        disposition: 'seized',
        findings: [
          { type: 'currency', amountUsd: 48_000, declared: false },
          { type: 'firearm', count: 2 },
        ],
      }),
      inspection({ recordId: 'mx-2', startedAt: `${day1}T10:00:00-06:00` }),
      inspection({
        recordId: 'mx-3',
        startedAt: `${day2}T10:00:00-06:00`,
        findings: [{ type: 'electronic_device', searchLevel: 'advanced' }],
      }),
    ]),
  );
  await upload(
    'traffic',
    '2304',
    `recordId,portCode,hourStart,mode,exits,source\ntx-1,2304,${day1}T09:00:00-06:00,truck,30000,lpr\ntx-2,2304,${day1}T10:00:00-06:00,bus,22310,sensor\n`,
  );
  await upload(
    'staffing',
    '2304',
    `recordId,portCode,date,shift,outboundHours,divertedHours,officers\nsx-1,2304,${day1},day,16,4,3\n`,
  );
  await upload('inspections', '2304', jsonl([inspection({ recordId: 'bad', startedAt: 'yesterday' })]));
  await upload(
    'inspections',
    '0103',
    jsonl([inspection({ recordId: 'ca-1', portCode: '0103', startedAt: `${day2}T10:00:00-05:00` })]),
  );
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

describe('metrics', () => {
  it('answers GET /metrics as the design shows, figures matching the uploads, zeros elsewhere', async () => {
    expect(await runJob('metrics')).toMatchObject({ status: 202, body: { status: 'done' } });
    const answer = await metrics(`port=2304&from=${day1}&to=${today}&granularity=day`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ port: '2304', granularity: 'day', from: day1, to: today });
    const [first, second, third] = answer.body.periods;
    expect(first).toMatchObject({
      period: day1,
      inspections: 2,
      inspectionDays: 1,
      exits: 52_310,
      inspectionsPer1000Exits: 0.04,
      seizures: 1,
      hitRate: 0.5,
      currencySeizedUsd: 48_000,
      firearms: 2,
      ammunitionRounds: 0,
      narcoticsKg: 0,
      outboundStaffHours: 16,
      divertedHours: 4,
      staffCostUsd: 1520,
      referralsOpened: 2,
      proceduralViolations: 0,
    });
    expect(second).toMatchObject({ period: day2, inspections: 1, proceduralViolations: 1 });
    expect(third).toMatchObject({
      period: today,
      inspections: 0,
      seizures: 0,
      hitRate: null,
      referralsApproved: 0,
      referralsPastSla: 0,
      medianHoursToDecision: null,
    });
    expect(answer.body.periods.reduce((n: number, p: { rejectedRecords: number }) => n + p.rejectedRecords, 0)).toBe(1);
  });

  it('sums ports nationally, and by week and month', async () => {
    const national = await metrics(`from=${day1}&to=${day2}&granularity=month`);
    expect(national.body.port).toBeNull();
    expect(national.body.periods.reduce((n: number, p: { inspections: number }) => n + p.inspections, 0)).toBe(4);
    const weeks = await metrics(`port=2304&from=${addDays(today, -20)}&to=${today}&granularity=week`);
    expect(weeks.body.periods.length).toBeGreaterThanOrEqual(3);
    expect(weeks.body.periods.every((p: { period: string }) => /^\d{4}-W\d{2}$/.test(p.period))).toBe(true);
  });

  it('gives the same aggregates when run twice, and picks up a late upload on the next run', async () => {
    const before = (await metrics(`port=2304&from=${day1}&to=${day2}`)).body.periods;
    await runJob('metrics');
    expect((await metrics(`port=2304&from=${day1}&to=${day2}`)).body.periods).toEqual(before);
    await upload(
      'inspections',
      '2304',
      jsonl([inspection({ recordId: 'late-1', startedAt: `${day1}T23:00:00-06:00`, capturedOffline: true })]),
    );
    expect((await metrics(`port=2304&from=${day1}&to=${day1}`)).body.periods[0].inspections).toBe(2);
    await runJob('metrics');
    expect((await metrics(`port=2304&from=${day1}&to=${day1}`)).body.periods[0]).toMatchObject({
      inspections: 3,
      capturedOffline: 1,
    });
  });

  it('keeps officers to their port and refuses bad queries with field errors', async () => {
    const officer = await tokenFor(cloud, { role: 'officer', port: '2304' });
    expect((await metrics(`from=${day1}&to=${day2}`, officer)).body.port).toBe('2304');
    expect((await metrics(`port=0103&from=${day1}&to=${day2}`, officer)).status).toBe(403);
    const backwards = await metrics('port=2304&from=2026-11-07&to=2026-11-01');
    expect(backwards).toMatchObject({
      status: 400,
      body: { error: { details: [{ field: 'to', message: 'to must not be before from' }] } },
    });
    const bad = await metrics('port=2304&from=2026-11-01&to=nope&granularity=year');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['granularity', 'to']);
    expect((await metrics('from=2020-01-01&to=2026-01-01')).status).toBe(400);
  });
});

describe('referral outcomes in the metrics', () => {
  it('counts an approved referral on the day it was opened, with its time to decision', async () => {
    const supervisor = await tokenFor(cloud, { role: 'supervisor', port: '2304' });
    for (let i = 0; i < 100; i++) {
      const answer = await api(cloud, '/referrals/2304-mx-1-0/decision', {
        method: 'POST',
        token: supervisor,
        body: '{"decision":"approve"}',
      });
      if (answer.status === 202) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 100; i++) {
      const { body } = await api(cloud, '/referrals/2304-mx-1-0', { token: hq });
      if (body.status === 'ROUTED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const [period] = (await metrics(`port=2304&from=${today}&to=${today}`)).body.periods;
    expect(period).toMatchObject({ referralsApproved: 1, referralsAccepted: 0, referralsPastSla: 0 });
    expect(period.medianHoursToDecision).toBeGreaterThanOrEqual(0);
    expect(period.medianHoursToDecision).toBeLessThan(1);
  });
});

describe('compliance and policy', () => {
  it('lists every active port against its minimum', async () => {
    const answer = await api(cloud, '/compliance', { token: hq });
    expect(answer.body.ports).toHaveLength(111);
    expect(answer.body.ports.find((p: { portCode: string }) => p.portCode === '2304')).toMatchObject({
      minimumDaysPerWeek: 5,
      inspectionDays7: 2,
      compliant7: false,
      lastInspectionDay: day2,
      daysSinceLastInspection: 1,
      complianceClass: 'Below minimum',
    });
    expect(answer.body.ports.find((p: { portCode: string }) => p.portCode === '0103')).toMatchObject({
      minimumDaysPerWeek: 1,
      compliant7: true,
    });
  });

  it('changes the policy for hq only, audits the change, and refuses a stale version', async () => {
    const current = await api(cloud, '/policy', { token: hq });
    const policy = { ...current.body.policy, staffHourCostUsd: 100, portOverrides: { '2304': 3 } };
    const officer = await tokenFor(cloud, { role: 'officer', port: '2304' });
    expect((await putPolicy(cloud, officer, policy, current.body.version)).status).toBe(403);
    expect((await putPolicy(cloud, hq, { ...policy, staffHourCostUsd: -1 }, current.body.version)).status).toBe(400);
    const changed = await putPolicy(cloud, hq, policy, current.body.version);
    expect(changed).toMatchObject({ status: 200, body: { version: current.body.version + 1 } });
    expect((await putPolicy(cloud, hq, policy, current.body.version)).status).toBe(409);
    const after = await api(cloud, '/policy', { token: hq });
    expect(after.body.history.at(-1)).toMatchObject({ by: 'hq', role: 'hq', policy: { staffHourCostUsd: 100 } });
    expect((await metrics(`port=2304&from=${day1}&to=${day1}`)).body.periods[0].staffCostUsd).toBe(1600);
    const compliance = await api(cloud, '/compliance', { token: hq });
    expect(compliance.body.ports.find((p: { portCode: string }) => p.portCode === '2304')).toMatchObject({
      minimumDaysPerWeek: 3,
    });
  });
});

describe('weekly report', () => {
  it('emails headquarters an HTML report with its chart and a CSV attachment, and keeps a copy in the reports bucket', async () => {
    const answer = await runJobThroughApi(cloud, hq, '/reports/weekly');
    expect(answer).toMatchObject({ status: 202, body: { status: 'done' } });
    const mail = (await emails(cloud)).find((m) => m.subject.startsWith('Outbound weekly report')) as unknown as {
      destination: { to: string[] };
      body: { html: string };
      attachments: Array<{ filename: string; contentType: string }>;
    };
    expect(mail.destination.to).toEqual(['outbound-hq@outbound.example.gov']);
    expect(mail.body.html).toContain('Ports below the minimum inspection frequency');
    expect(mail.body.html).toContain('Laredo (2304)');
    expect(mail.attachments.map((a) => a.filename)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^outbound-weekly-.*-ports\.csv$/),
        'inspections-per-day.png',
        'seizures-per-day.png',
        'compliance-map.png',
      ]),
    );
    expect(mail.attachments).toHaveLength(4);
    const s3 = clientsFor(cloud).s3;
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const csv = await (
      await s3.send(new GetObjectCommand({ Bucket: cloud.endpoints.reportsBucket, Key: answer.body.result.keys.csv }))
    ).Body?.transformToString();
    expect(csv?.split('\r\n').find((line) => line.startsWith('2304,'))).toMatch(/^2304,Laredo,Texas,US-Mexico,/);
    expect(answer.body.reportKeys).toEqual(Object.values(answer.body.result.keys).flat());
  });

  it('runs the compliance job, emailing the ports below minimum and headquarters', async () => {
    const answer = await runJob('compliance');
    expect(answer.body.result.belowMinimum).toContain('2304');
    const sent = (await emails(cloud)).filter((m) => m.subject.startsWith('Outbound compliance'));
    expect(sent.find((m) => m.subject.includes('ports below'))?.destination.to).toEqual([
      'outbound-hq@outbound.example.gov',
    ]);
    expect(sent.find((m) => m.subject.includes('Laredo (2304)'))?.destination.to).toEqual([
      'supervisors-2304@outbound.example.gov',
    ]);
    expect(sent.find((m) => m.subject.includes('(0103)'))).toBeUndefined();
  });
});

describe('jobs started on request', () => {
  it('answers POST /jobs/metrics with 202 and a queued job, which GET /jobs/{id} follows to done in the jobs function', async () => {
    const started = await api(cloud, '/jobs/metrics?lookbackDays=3', { method: 'POST', token: hq });
    const answeredAt = new Date().toISOString();
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ job: 'metrics', status: 'queued', lookbackDays: 3 });
    expect(started.body.jobId).toMatch(/^job-/);
    expect(started.body.href).toBe(`/jobs/${started.body.jobId}`);
    expect(started.body.result).toBeUndefined();
    const seen = new Set<string>();
    let run = started.body;
    while (run.status !== 'done' && run.status !== 'failed') {
      run = (await api(cloud, started.body.href, { token: hq })).body;
      seen.add(run.status);
    }
    expect(run).toMatchObject({ jobId: started.body.jobId, job: 'metrics', status: 'done', reportKeys: [] });
    expect(run.result).toMatchObject({ from: addDays(today, -2), to: today, ports: expect.any(Number) });
    expect(run.requestedAt <= run.startedAt && run.startedAt <= run.finishedAt).toBe(true);
    // the API answered before the job ended: the job ran after the answer, in the jobs function
    expect(run.finishedAt >= answeredAt.slice(0, 19)).toBe(true);
    expect([...seen].every((status) => ['queued', 'running', 'done'].includes(status))).toBe(true);
  });

  it('records a job that fails with its reason', async () => {
    sdkFaults.set({ rate: 1, services: ['ses'], kinds: ['server'] });
    try {
      const run = await runJobThroughApi(cloud, hq, '/reports/weekly');
      expect(run.status).toBe(202);
      expect(run.body).toMatchObject({ job: 'weekly-report', status: 'failed' });
      expect(run.body.reason).toMatch(/injected server error \(ses\)/);
      expect(run.body.result).toBeUndefined();
    } finally {
      sdkFaults.set(undefined);
    }
  });

  it('refuses an unknown job, and answers 404 for a job id it never gave', async () => {
    const unknown = await api(cloud, '/jobs/everything', { method: 'POST', token: hq });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'name', message: expect.stringContaining('metrics') }]);
    expect((await api(cloud, '/jobs/job-never-given', { token: hq })).status).toBe(404);
    // an id longer than the store's key allows is the client's mistake (the fuzz test's 500 on seed -515593261)
    const tooLong = await api(cloud, `/jobs/${'x'.repeat(3000)}`, { token: hq });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([{ field: 'id', message: 'letters, digits and . _ : - only' }]);
  });
});
