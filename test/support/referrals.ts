// Helpers for referral tests: seizures uploaded through the real path, referrals read through the API.

import { inspection, jsonl } from '../../fixtures/records.js';
import { api, type CloudAddress, tokenFor } from './cloud.js';
import { clientsFor, receiptAt } from './stores.js';

let batches = 0;

/** Uploads one inspection that seized the given findings; returns the referral ids it opens. */
export async function uploadSeizure(
  cloud: CloudAddress,
  recordId: string,
  findings: unknown[],
  port = '2304',
): Promise<string[]> {
  const stores = clientsFor(cloud);
  const key = `incoming/inspections/${port}/HH-REF/seizure-${++batches}.jsonl`;
  const since = new Date();
  await stores.put(key, jsonl([inspection({ recordId, portCode: port, disposition: 'seized', findings })]));
  await receiptAt((k) => stores.getJson(k), key.replace('incoming/', 'receipts/').replace('.jsonl', '.json'), since);
  return findings.map((_, i) => `${port}-${recordId}-${i}`);
}

export async function referral(cloud: CloudAddress, id: string) {
  const hq = await tokenFor(cloud, { role: 'hq' });
  return (await api(cloud, `/referrals/${id}`, { token: hq })).body;
}

/** Waits until the referral satisfies `ready`. */
export async function referralWhen(
  cloud: CloudAddress,
  id: string,
  ready: (r: Record<string, unknown>) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await referral(cloud, id);
    if (current && !current.error && ready(current)) return current;
    if (Date.now() > deadline)
      throw new Error(`referral ${id} never got there; last: ${JSON.stringify(current).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const waitingFor = (what: 'decision' | 'agency', level?: string) => (r: Record<string, unknown>) =>
  r.waitingFor === what && (level === undefined || r.escalation === level);

export async function emails(
  cloud: CloudAddress,
): Promise<Array<{ subject: string; destination: { to: string[] }; body: { text: string } }>> {
  return ((await (await fetch(`${cloud.endpoints.ses}/store`)).json()) as { emails: [] }).emails;
}

type Mail = Awaited<ReturnType<typeof emails>>[number];

/** The SES store once `ready` holds: emails are sent after the state change a test waits for. */
export async function emailsWhen(cloud: CloudAddress, ready: (mail: Mail[]) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = await emails(cloud);
    if (ready(mail) || Date.now() > deadline) return mail;
    await new Promise((r) => setTimeout(r, 50));
  }
}
