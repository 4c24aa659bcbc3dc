// workflow.referral: a referral's happy path, its state transitions and its cost.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { inspection, jsonl } from '../../fixtures/records.js';
import { executionNameOf } from '../../functions/domain/referrals.js';
import { objectCreatedEvent } from '../../functions/ingest/events.js';
import { localSecret, mintToken } from '../../local/auth.js';
import { outsideS3 } from '../../local/outside-clients.js';
import type { BenchCloud } from '../cloud.js';
import { results, round } from '../results.js';

/** A referral on its happy path (seizure → decision → agency acceptance): state transitions and cost per referral. */
export async function referralWorkflow(cloud: BenchCloud) {
  {
    const e = cloud.endpoints;
    const s3 = outsideS3(e);
    const secret = localSecret(cloud.home);
    const hq = await mintToken(secret, { role: 'hq' });
    const call = async (path: string, role: 'supervisor' | 'investigator', body: unknown) => {
      const token = await mintToken(secret, role === 'supervisor' ? { role, port: '2304' } : { role, agency: 'HSI' });
      const response = await fetch(`${e.api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 202) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    };
    const referralWhen = async (id: string, ready: (r: Record<string, unknown>) => boolean) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = (await (
          await fetch(`${e.api}/referrals/${id}`, { headers: { authorization: `Bearer ${hq}` } })
        ).json()) as Record<string, unknown>;
        if (ready(r)) return r;
        if (Date.now() > deadline) throw new Error(`referral ${id} never got there: ${JSON.stringify(r)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const record = inspection({
      recordId: 'bench-ref',
      disposition: 'seized',
      findings: [{ type: 'firearm', count: 1 }],
    });
    const key = 'incoming/inspections/2304/HH-BENCH/ref.jsonl';
    await s3.send(new PutObjectCommand({ Bucket: e.uploadsBucket, Key: key, Body: jsonl([record]) }));
    // this cloud does not feed uploads itself (the ingest benchmarks call the use case directly): deliver the event
    cloud.ingestQueue.send(JSON.stringify(objectCreatedEvent(e.uploadsBucket, { key, sequencer: 'bench-ref' })));
    await cloud.settled();
    // a referral is named by its port, its record and the finding's place in the record
    const id = `${record.portCode}-${record.recordId}-0`;
    await referralWhen(id, (r) => r.waitingFor === 'decision');
    await call(`/referrals/${id}/decision`, 'supervisor', { decision: 'approve' });
    await referralWhen(id, (r) => r.waitingFor === 'agency');
    await call(`/referrals/${id}/agency-response`, 'investigator', { accepted: true, caseNumber: 'HSI-B' });
    await referralWhen(id, (r) => r.status === 'ACCEPTED');
    const execution = cloud.stepFunctions
      .listExecutions(e.stateMachines.referral as string)
      .find((x) => x.name === executionNameOf(id));
    const deadline = Date.now() + 10_000;
    while (execution?.status === 'RUNNING' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const history = execution?.history ?? [];
    const transitions = history.filter((event) => event.type.endsWith('StateEntered')).length;
    const lambdaInvocations = history.filter((event) => event.type === 'TaskScheduled').length;
    // Standard workflows: $0.025 per 1,000 state transitions; Lambda $0.20 per million requests plus
    // 0.5 GB × ~100 ms per task at $0.0000133334 per GB-s (arm64)
    const sfnUsd = (transitions * 0.025) / 1000;
    const lambdaUsd = lambdaInvocations * (0.2 / 1_000_000 + 0.5 * 0.1 * 0.0000133334);
    results['workflow.referral'] = {
      value: transitions,
      unit: 'state transitions per referral (happy path)',
      budget: 'report',
      ok: execution?.status === 'SUCCEEDED',
      detail: {
        status: execution?.status,
        lambdaInvocations,
        usdPerReferral: round(sfnUsd + lambdaUsd, 6),
        usdPer1000Referrals: round((sfnUsd + lambdaUsd) * 1000, 3),
        terms: { stepFunctionsUsd: round(sfnUsd, 6), lambdaUsd: round(lambdaUsd, 7) },
      },
    };
    s3.destroy();
  }
}
