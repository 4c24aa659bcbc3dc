// SLAs on the local Step Functions endpoint, shortened to seconds: escalation, and answers racing a timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { api, startTestCloud, stopTestCloud, tokenFor } from '../support/cloud.js';
import { emails, referralWhen, uploadSeizure, waitingFor } from '../support/referrals.js';

let cloud: LocalCloud;

beforeAll(async () => {
  process.env.REFERRAL_DECISION_SLA_SECONDS = '2';
  process.env.REFERRAL_AGENCY_SLA_SECONDS = '2';
  cloud = await startTestCloud();
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

/** An answer sent while an escalation swaps the token gets a 409; the user reads again and answers anew. */
async function untilAccepted(send: () => Promise<{ status: number }>, attempts = 100) {
  let answer = await send();
  for (let i = 1; i < attempts && answer.status === 409; i++) {
    await new Promise((r) => setTimeout(r, 20));
    answer = await send();
  }
  return answer;
}

describe('referral SLAs', () => {
  it('escalates an unanswered decision to the port director, then headquarters, and still takes the decision', async () => {
    const [id] = await uploadSeizure(cloud, 'sla-1', [{ type: 'firearm', count: 2 }]);
    await referralWhen(cloud, id as string, waitingFor('decision', 'port-director'), 10_000);
    await referralWhen(cloud, id as string, waitingFor('decision', 'hq'), 10_000);
    const supervisor = await tokenFor(cloud, { role: 'supervisor', port: '2304' });
    const answer = await untilAccepted(() =>
      api(cloud, `/referrals/${id}/decision`, { method: 'POST', token: supervisor, body: '{"decision":"approve"}' }),
    );
    expect(answer.status).toBe(202);
    const routed = await referralWhen(cloud, id as string, (r) => r.status === 'ROUTED');
    const actions = routed.audit.map((a: { action: string }) => a.action);
    expect(actions).toContain('SLA missed: escalated from supervisor to port-director');
    expect(actions).toContain('SLA missed: escalated from port-director to hq');
    const subjects = (await emails(cloud)).filter((m) => m.subject.includes(id as string)).map((m) => m.subject);
    expect(subjects.filter((s) => s.startsWith('[Overdue]')).length).toBeGreaterThanOrEqual(2);
    expect(
      (await emails(cloud)).find((m) => m.subject.startsWith('[Overdue]') && m.subject.includes(id as string))
        ?.destination.to,
    ).toContain('director-2304@outbound.example.gov');
  });

  it('lets headquarters decide only once escalated to it', async () => {
    const [id] = await uploadSeizure(cloud, 'sla-2', [{ type: 'explosive', kg: 3 }]);
    await referralWhen(cloud, id as string, waitingFor('decision', 'supervisor'));
    const hq = await tokenFor(cloud, { role: 'hq' });
    const early = await api(cloud, `/referrals/${id}/decision`, {
      method: 'POST',
      token: hq,
      body: '{"decision":"approve"}',
    });
    expect(early).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('escalated') } } });
    await referralWhen(cloud, id as string, waitingFor('decision', 'hq'), 10_000);
    const answer = await untilAccepted(() =>
      api(cloud, `/referrals/${id}/decision`, {
        method: 'POST',
        token: hq,
        body: '{"decision":"decline","reason":"duplicate case"}',
      }),
    );
    expect(answer.status).toBe(202);
    expect(await referralWhen(cloud, id as string, (r) => r.status === 'DECLINED')).toMatchObject({
      decision: { role: 'hq' },
    });
  });

  it('answers decisions racing the timeout with 202 or 409, never a 500, and records exactly one decision', async () => {
    const [id] = await uploadSeizure(cloud, 'sla-race', [{ type: 'currency', amountUsd: 20_000, declared: false }]);
    const waiting = await referralWhen(cloud, id as string, waitingFor('decision', 'supervisor'));
    const due = Date.parse(waiting.slaDueAt);
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now() - 30)));
    const supervisor = await tokenFor(cloud, { role: 'supervisor', port: '2304' });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const answer = await api(cloud, `/referrals/${id}/decision`, {
        method: 'POST',
        token: supervisor,
        body: '{"decision":"approve"}',
      });
      statuses.push(answer.status);
      if (answer.status === 202) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(statuses.every((s) => s === 202 || s === 409)).toBe(true);
    expect(statuses.at(-1)).toBe(202);
    const routed = await referralWhen(cloud, id as string, (r) => r.status === 'ROUTED');
    expect(routed.audit.filter((a: { action: string }) => a.action === 'approved')).toHaveLength(1);
  });

  it('escalates an unanswered agency and takes its late answer', async () => {
    const [id] = await uploadSeizure(cloud, 'sla-agency', [
      { type: 'wildlife', species: 'Crocodylus acutus', count: 1 },
    ]);
    await referralWhen(cloud, id as string, waitingFor('decision'));
    const supervisor = await tokenFor(cloud, { role: 'supervisor', port: '2304' });
    await api(cloud, `/referrals/${id}/decision`, {
      method: 'POST',
      token: supervisor,
      body: '{"decision":"approve"}',
    });
    await referralWhen(cloud, id as string, waitingFor('agency', 'agency-supervisor'), 10_000);
    const investigator = await tokenFor(cloud, { role: 'investigator', agency: 'USFWS' });
    const answer = await untilAccepted(() =>
      api(cloud, `/referrals/${id}/agency-response`, {
        method: 'POST',
        token: investigator,
        body: '{"accepted":true,"caseNumber":"FWS-9"}',
      }),
    );
    expect(answer.status).toBe(202);
    expect(await referralWhen(cloud, id as string, (r) => r.status === 'ACCEPTED')).toMatchObject({
      agencyResponse: { caseNumber: 'FWS-9' },
    });
  });
});
