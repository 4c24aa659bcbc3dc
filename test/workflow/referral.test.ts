// The referral workflow run on the local Step Functions endpoint, driven as users drive it: uploads and the API.
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executionNameOf } from '../../functions/domain/referrals.js';
import type { LocalCloud } from '../../local/cloud.js';
import { injectFaults } from '../../local/functions.js';
import { api, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
import { type emails, emailsWhen, referral, referralWhen, uploadSeizure, waitingFor } from '../support/referrals.js';

let cloud: LocalCloud;
const supervisor = () => tokenFor(cloud, { role: 'supervisor', port: '2304' });
const investigator = () => tokenFor(cloud, { role: 'investigator', agency: 'HSI' });

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});
afterEach(() => injectFaults(undefined));

async function decide(id: string, body: unknown, token?: string) {
  return api(cloud, `/referrals/${id}/decision`, {
    method: 'POST',
    token: token ?? (await supervisor()),
    body: JSON.stringify(body),
  });
}

async function respond(id: string, body: unknown) {
  return api(cloud, `/referrals/${id}/agency-response`, {
    method: 'POST',
    token: await investigator(),
    body: JSON.stringify(body),
  });
}

describe('referral workflow', () => {
  it('goes from a seizure to the agency: approve, route, accept — every step in the audit trail and the emails', async () => {
    const [id] = await uploadSeizure(cloud, 'wf-approve', [{ type: 'currency', amountUsd: 48_000, declared: false }]);
    await referralWhen(cloud, id as string, waitingFor('decision', 'supervisor'));
    expect(await decide(id as string, { decision: 'approve' })).toMatchObject({ status: 202 });
    await referralWhen(cloud, id as string, waitingFor('agency'));
    expect(await respond(id as string, { accepted: true, caseNumber: 'HSI-1' })).toMatchObject({ status: 202 });
    const done = await referralWhen(cloud, id as string, (r) => r.status === 'ACCEPTED');
    expect(done.agencies).toEqual(['HSI', 'FinCEN']);
    expect(done.audit.map((a: { toStatus: string }) => a.toStatus)).toEqual([
      'PENDING_DECISION',
      'PENDING_DECISION',
      'APPROVED',
      'ROUTED',
      'ROUTED',
      'ACCEPTED',
    ]);
    expect(
      done.audit.find((a: { action: string }) => a.action.includes('currency report recorded for FinCEN')),
    ).toBeDefined();
    expect(done.audit.find((a: { toStatus: string }) => a.toStatus === 'APPROVED')).toMatchObject({
      actor: 'supervisor-2304',
      role: 'supervisor',
    });
    const ours = (mail: Awaited<ReturnType<typeof emails>>) => mail.filter((m) => m.subject.includes(id as string));
    const mine = ours(await emailsWhen(cloud, (mail) => ours(mail).length >= 3));
    expect(mine.map((m) => m.destination.to[0])).toEqual([
      'supervisors-2304@outbound.example.gov',
      'referrals-hsi@outbound.example.gov',
      'supervisors-2304@outbound.example.gov',
    ]);
    expect(mine[0]?.body.text).toContain('undeclared currency, USD 48,000');
    expect(mine[0]?.body.text).toContain(`outbound referrals decide ${id}`);
    // the link opens the referral's page in the console, where a person decides; it decides nothing itself
    expect(mine[0]?.body.text).toContain(`Open it in the console to decide: ${cloud.endpoints.web}/referrals/${id}`);
  });

  it('refuses a decline without a reason, closes on a decline with one, and refuses deciding twice', async () => {
    const [id] = await uploadSeizure(cloud, 'wf-decline', [{ type: 'firearm', count: 1 }]);
    await referralWhen(cloud, id as string, waitingFor('decision'));
    const refused = await decide(id as string, { decision: 'decline' });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { details: [{ field: 'reason', message: 'a decline needs a reason' }] } },
    });
    expect(await decide(id as string, { decision: 'decline', reason: 'replica, not a firearm' })).toMatchObject({
      status: 202,
    });
    const closed = await referralWhen(cloud, id as string, (r) => r.status === 'DECLINED');
    expect(closed.decision).toMatchObject({
      decision: 'decline',
      reason: 'replica, not a firearm',
      by: 'supervisor-2304',
    });
    expect((await decide(id as string, { decision: 'approve' })).status).toBe(409);
  });

  it('records an agency decline with its reason', async () => {
    const [id] = await uploadSeizure(cloud, 'wf-agency-no', [{ type: 'narcotic', substance: 'cannabis', kg: 0.2 }]);
    await referralWhen(cloud, id as string, waitingFor('decision'));
    await decide(id as string, { decision: 'approve' });
    await referralWhen(cloud, id as string, waitingFor('agency'));
    expect((await respond(id as string, { accepted: false })).status).toBe(400);
    await respond(id as string, { accepted: false, reason: 'below prosecution threshold' });
    expect(await referralWhen(cloud, id as string, (r) => r.status === 'AGENCY_DECLINED')).toMatchObject({
      agencyResponse: { accepted: false, reason: 'below prosecution threshold' },
    });
  });

  it('opens one referral when the same seizure is submitted twice', async () => {
    const findings = [{ type: 'wildlife', species: 'Testudo graeca', count: 4 }];
    const [id] = await uploadSeizure(cloud, 'wf-twice', findings);
    await referralWhen(cloud, id as string, waitingFor('decision'));
    await uploadSeizure(cloud, 'wf-twice', findings);
    const hq = await tokenFor(cloud, { role: 'hq' });
    const list = await api(cloud, '/referrals?port=2304', { token: hq });
    expect(list.body.referrals.filter((r: { recordId: string }) => r.recordId === 'wf-twice')).toHaveLength(1);
    const opened = (await referral(cloud, id as string)).audit.filter(
      (a: { fromStatus: unknown }) => a.fromStatus === null,
    );
    expect(opened).toHaveLength(1);
    expect((await referral(cloud, id as string)).agencies).toEqual(['HSI', 'USFWS']);
  });

  it('retries a task that fails transiently, then goes on', async () => {
    let failures = 0;
    injectFaults((name, event) => {
      if (name === 'referral-tasks' && (event as { action?: string }).action === 'create' && failures < 2) {
        failures++;
        throw Object.assign(new Error('throttled'), { name: 'TransientError' });
      }
    });
    const [id] = await uploadSeizure(cloud, 'wf-transient', [{ type: 'explosive', kg: 1.5 }]);
    await referralWhen(cloud, id as string, waitingFor('decision'), 30_000);
    expect(failures).toBe(2);
  });

  it('marks a referral FAILED with the reason when a step fails for good, and the execution fails visibly', async () => {
    injectFaults((name, event) => {
      if (name === 'referral-tasks' && (event as { action?: string }).action === 'route')
        throw new Error('agency routing table is corrupt');
    });
    const [id] = await uploadSeizure(cloud, 'wf-broken', [{ type: 'ammunition', rounds: 40 }]);
    await referralWhen(cloud, id as string, waitingFor('decision'));
    await decide(id as string, { decision: 'approve' });
    const failed = await referralWhen(cloud, id as string, (r) => r.status === 'FAILED');
    expect(failed.failure).toMatchObject({
      error: 'Error',
      cause: expect.stringContaining('agency routing table is corrupt'),
    });
    const sfn = new SFNClient({
      endpoint: cloud.endpoints.stepfunctions,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const arn = `${cloud.endpoints.stateMachines.referral?.replace(':stateMachine:', ':execution:')}:${executionNameOf(id as string)}`;
    const describe = () => sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    // The step that records FAILED runs before the execution reaches its Fail state, so the execution ends just after.
    await expect.poll(async () => (await describe()).status, { timeout: 10_000 }).not.toBe('RUNNING');
    expect(await describe()).toMatchObject({ status: 'FAILED', error: 'ReferralFailed' });
  });
});
