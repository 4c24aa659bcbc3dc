// What a chaos run uploads: seeded inspection batches across six ports of entry, some with a broken line, some
// seizures (each to open one referral), and some batches uploaded again under a second key.
import { addDays } from '../../functions/domain/metrics.js';
import { uploadKeyOf } from '../../functions/shared/storage-keys.js';

export interface ChaosUpload {
  key: string;
  body: string;
  recordIds: string[];
  referralIds: string[];
  invalid: number;
}

const PORTS_OF_ENTRY = [
  { code: '2304', offset: '-06:00' },
  { code: '2305', offset: '-06:00' },
  { code: '2402', offset: '-06:00' },
  { code: '2403', offset: '-06:00' },
  { code: '2404', offset: '-06:00' },
  { code: '2309', offset: '-06:00' },
];

export function planUploads(
  options: { records: number; batchSize: number; seed: number },
  random: () => number,
  today: string,
): ChaosUpload[] {
  const uploads: ChaosUpload[] = [];
  let n = 0;
  for (let b = 0; n < options.records; b++) {
    const port = PORTS_OF_ENTRY[b % PORTS_OF_ENTRY.length] as (typeof PORTS_OF_ENTRY)[number];
    const lines: string[] = [];
    const recordIds: string[] = [];
    const referralIds: string[] = [];
    for (let i = 0; i < options.batchSize && n < options.records; i++, n++) {
      const recordId = `chaos-${options.seed}-${n}`;
      const seized = random() < 0.01;
      const day = addDays(today, -1 - Math.floor(random() * 10));
      const hour = String(6 + Math.floor(random() * 12)).padStart(2, '0');
      lines.push(
        JSON.stringify({
          recordId,
          portCode: port.code,
          deviceId: `HH-${port.code}-CH`,
          officerId: `OFF-${1 + Math.floor(random() * 20)}`,
          startedAt: `${day}T${hour}:00:00${port.offset}`,
          mode: random() < 0.5 ? 'personal_vehicle' : 'pedestrian',
          techniques: ['interview'],
          travelers: 1 + Math.floor(random() * 3),
          findings: seized ? [{ type: 'firearm', count: 1 }] : [],
          disposition: seized ? 'seized' : 'cleared',
          staffMinutes: 5 + Math.floor(random() * 20),
          capturedOffline: random() < 0.3,
        }),
      );
      recordIds.push(recordId);
      if (seized) referralIds.push(`${port.code}-${recordId}-0`);
    }
    const invalid = random() < 0.3 ? 1 : 0;
    if (invalid) lines.splice(Math.floor(random() * lines.length), 0, '{"recordId":"broken","portCode":');
    uploads.push({
      key: uploadKeyOf({
        kind: 'inspections',
        portCode: port.code,
        deviceId: `HH-${port.code}-CH`,
        batchId: `chaos-${options.seed}-${b}`,
        format: 'jsonl',
      }),
      body: `${lines.join('\n')}\n`,
      recordIds,
      referralIds,
      invalid,
    });
  }
  return uploads;
}

/** About one batch in ten, uploaded again under another key (a device that sent it twice). */
export function planReuploads(uploads: readonly ChaosUpload[], random: () => number): ChaosUpload[] {
  return uploads.filter(() => random() < 0.1).map((u) => ({ ...u, key: u.key.replace('.jsonl', '-again.jsonl') }));
}
