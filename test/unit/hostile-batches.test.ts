// Thousands of hostile batches through the ingest use case (issue 12, point 2): random bytes, numbers a double or
// DynamoDB cannot hold, nesting thousands deep, lines over the limit, prototype keys and mixed encodings, among
// good records. Each batch gets a balanced receipt, nothing throws (a throw is a retry, then the dead-letter queue),
// every good line is stored, and every stored seizure has its referral started.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspection } from '../../fixtures/records.js';
import { MAX_LINE_BYTES } from '../../functions/domain/uploads/lines.js';
import { startPendingReferrals } from '../../functions/ingest/pending-referrals.js';
import { processUpload } from '../../functions/ingest/process-upload.js';
import { memoryDeps, NOW } from '../support/fakes.js';

const EXTREME_NUMBERS = [
  '9007199254740993',
  '18446744073709551616',
  '1e400',
  '-1e400',
  '1e-131',
  '5e-324',
  '-1e-200',
  '1e308',
  '1.7976931348623157e309',
  '123456789012345678901234567890',
];

const HUGE_LINE = `{"recordId":"huge","note":"${'x'.repeat(MAX_LINE_BYTES)}"}`;

let serial = 0;
const goodId = () => `good-${++serial}`;

/** A line, and the recordId it must be stored under if it is a good one. */
type Line = { bytes: Buffer; good?: { recordId: string; seized: boolean } };

const text = (value: string): Line => ({ bytes: Buffer.from(value) });

const goodLine = fc.boolean().map((seized): Line => {
  const recordId = goodId();
  const record = inspection({
    recordId,
    ...(seized ? { disposition: 'seized', findings: [{ type: 'narcotic', substance: 'cocaine', kg: 2.5 }] } : {}),
  });
  return { bytes: Buffer.from(JSON.stringify(record)), good: { recordId, seized } };
});

const extremeNumber = fc
  .tuple(
    fc.constantFrom(...EXTREME_NUMBERS),
    fc.constantFrom('travelers', 'staffMinutes', 'kg', 'amountUsd', 'count', 'extra'),
  )
  .map(([number, field]) => {
    const record = JSON.stringify(
      inspection({
        recordId: goodId(),
        disposition: 'seized',
        findings: [field === 'kg' ? { type: 'explosive', kg: 0 } : { type: 'currency', amountUsd: 0, declared: false }],
      }),
    );
    if (field === 'extra') return text(record.replace('{', `{"extra":${number},`));
    const target =
      field === 'kg' || field === 'amountUsd' ? `"${field}":0` : `"${field}":${field === 'travelers' ? 1 : 10}`;
    return text(
      field === 'count'
        ? record.replace('"travelers":1', `"travelers":[${number}]`)
        : record.replace(target, `"${field}":${number}`),
    );
  });

const deepNesting = fc
  .tuple(fc.integer({ min: 9, max: 10_000 }), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, inRecord]) => {
    const close = open === '[' ? ']' : '}';
    const deep = `${open.repeat(depth)}${open === '[' ? '' : '1'}${close.repeat(depth)}`;
    return text(
      inRecord
        ? JSON.stringify(inspection({ recordId: goodId() })).replace('"travelers":1', `"travelers":${deep}`)
        : deep,
    );
  });

const prototypeKeys = fc
  .subarray(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'], { minLength: 1 })
  .chain((keys) =>
    fc.oneof(
      fc.constant(keys.map((key) => `"${key}":{"polluted":true}`).join(',')),
      fc.constant(keys.map((key) => `"${key}":null`).join(',')),
    ),
  )
  .map((members) => text(JSON.stringify(inspection({ recordId: goodId() })).replace('{', `{${members},`)));

const mixedEncoding = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => ({ bytes: Buffer.from(JSON.stringify({ recordId: s }), 'utf16le') })),
  fc.string({ maxLength: 80 }).map((s) => ({ bytes: Buffer.from(JSON.stringify({ recordId: s }), 'latin1') })),
  fc.constant({ bytes: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) }),
  fc.constant({ bytes: Buffer.from([0xed, 0xa0, 0x80]) }),
  fc.constant({ bytes: Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]) }),
  fc.constant(text('{"recordId":"\\ud800","portCode":"2304"}')),
);

const hostileLine = (format: 'jsonl' | 'csv'): fc.Arbitrary<Line> =>
  fc.oneof(
    { arbitrary: extremeNumber, weight: 4 },
    { arbitrary: deepNesting, weight: 2 },
    { arbitrary: prototypeKeys, weight: 3 },
    { arbitrary: mixedEncoding, weight: 3 },
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes: Buffer.from(bytes) })), weight: 2 },
    { arbitrary: fc.json({ maxDepth: 4 }).map(text), weight: 2 },
    // csv-parse reads a 1 MiB line in about a second: CSV's line over the limit is the example test below
    ...(format === 'jsonl' ? [{ arbitrary: fc.constant(text(HUGE_LINE)), weight: 1 }] : []),
  );

const batch = (format: 'jsonl' | 'csv') =>
  fc.record({
    format: fc.constant(format),
    eol: fc.constantFrom('\n', '\r\n'),
    lines: fc.array(fc.oneof({ arbitrary: goodLine, weight: 2 }, { arbitrary: hostileLine(format), weight: 3 }), {
      minLength: 1,
      maxLength: 12,
    }),
  });

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The lines of a JSON Lines body that need a verdict: all but the blank ones. */
function linesWithContent(body: Buffer): number {
  const pieces = body.subarray(0, body.lastIndexOf(0x0a)).toString('latin1').split('\n');
  return pieces.filter((piece) => {
    const bytes = Buffer.from(piece, 'latin1');
    if (bytes.length > MAX_LINE_BYTES) return true;
    try {
      return (
        strictUtf8
          .decode(bytes)
          .replace(/^\uFEFF/, '')
          .trim() !== ''
      );
    } catch {
      return true;
    }
  }).length;
}

function balanced(r: { received: number; accepted: number; duplicates: number; conflicts: number; rejected: number }) {
  return r.received === r.accepted + r.duplicates + r.conflicts + r.rejected;
}

describe('hostile batches', () => {
  it('each gets a balanced receipt, nothing throws, the good lines are stored with their referrals', async () => {
    let batches = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(batch('jsonl'), batch('csv')), async ({ lines, format, eol }) => {
        batches++;
        const { deps, objects, records, referrals } = memoryDeps();
        const key = `incoming/inspections/2304/HH-FUZZ/b-${batches}.${format}`;
        const body = Buffer.concat(lines.flatMap((line) => [line.bytes, Buffer.from(eol)]));
        objects.objects.set(key, body);
        const { receipt } = await processUpload(deps, { key, sequencer: '1' });
        expect(balanced(receipt)).toBe(true);
        expect(receipt.errors.every((error) => error.field.length <= 400 && error.message.length <= 400)).toBe(true);
        if (receipt.reason) return; // the whole object refused (binary, UTF-16): a rejected receipt saying why
        const rejectedLines = new Set(receipt.errors.map((error) => error.line));
        expect(rejectedLines.size).toBe(receipt.rejected);
        if (format !== 'jsonl') return;
        expect(receipt.received).toBe(linesWithContent(body));
        let line = 1;
        for (const { bytes, good } of lines) {
          if (good) {
            expect(rejectedLines.has(line)).toBe(false);
            expect(records.items.get(`inspections#2304#${good.recordId}`)?.source.line).toBe(line);
            if (good.seized) expect(referrals.requests.has(`2304-${good.recordId}-0`)).toBe(true);
          }
          line += 1 + bytes.filter((byte) => byte === 0x0a).length;
        }
        expect(records.outbox.size).toBe(0);
      }),
      { numRuns: 2000 },
    );
    expect(batches).toBeGreaterThanOrEqual(2000);
  }, 300_000);

  it('gives a CSV line over the limit, and one of JSON nested 10,000 deep, their verdicts beside a good row', async () => {
    const { deps, objects, records } = memoryDeps();
    const key = 'incoming/traffic/2304/HH-FUZZ/csv-1.csv';
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const rows = [
      'recordId,portCode,hourStart,mode,exits,source',
      HUGE_LINE,
      deep,
      't-1,2304,2026-11-20T10:00:00-06:00,truck,5,lpr',
    ];
    objects.objects.set(key, Buffer.from(`${rows.join('\n')}\n`));
    const { receipt } = await processUpload(deps, { key, sequencer: '1' });
    expect(receipt).toMatchObject({ status: 'partial', received: 3, accepted: 1, rejected: 2 });
    expect(receipt.errors.map((error) => error.line)).toEqual([2, 3]);
    expect(receipt.errors[0]).toEqual({ line: 2, field: '(row)', message: `is longer than ${MAX_LINE_BYTES} bytes` });
    expect(records.items.has('traffic#2304#t-1')).toBe(true);
  });

  it('lets no stored seizure lose its referral when the process dies between the store and the start', async () => {
    const { deps, objects, records, referrals } = memoryDeps();
    const key = 'incoming/inspections/2304/HH-KILL/k-1.jsonl';
    const seizures = ['k-a', 'k-b', 'k-c'].map((recordId) =>
      inspection({ recordId, disposition: 'arrested', findings: [{ type: 'firearm', count: 1 }] }),
    );
    objects.objects.set(key, Buffer.from(seizures.map((s) => `${JSON.stringify(s)}\n`).join('')));
    referrals.failNext = 1;
    await expect(processUpload(deps, { key, sequencer: '1' })).rejects.toThrow('killed before');
    expect(records.items.size).toBe(3);
    expect(referrals.requests.size).toBe(0);
    expect(records.outbox.size).toBe(3);

    // the message is lost; a later ingest sweeps the outbox once the grace period has passed
    const later = { ...deps, now: () => new Date(NOW.getTime() + 60_000) };
    expect(await startPendingReferrals(later, 120)).toBe(0);
    const afterGrace = { ...deps, now: () => new Date(NOW.getTime() + 121_000) };
    expect(await startPendingReferrals(afterGrace, 120)).toBe(3);
    expect([...referrals.requests.keys()].sort()).toEqual(['2304-k-a-0', '2304-k-b-0', '2304-k-c-0']);
    expect(records.outbox.size).toBe(0);
    expect(await startPendingReferrals(afterGrace, 120)).toBe(0);
  });
});
