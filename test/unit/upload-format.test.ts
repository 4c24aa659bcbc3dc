import { describe, expect, it } from 'vitest';
import { inspection } from '../../fixtures/records.js';
import { fingerprint } from '../../functions/domain/fingerprint.js';
import { csvColumns, rowToObject } from '../../functions/domain/records/csv.js';
import { validateRecord } from '../../functions/domain/records/validate.js';
import { invalidReceiptKeyOf, parseUploadKey, receiptKeyOf } from '../../functions/domain/uploads/key.js';
import { NotABatchError, readUpload, type UploadLine } from '../../functions/domain/uploads/lines.js';
import { NOW } from '../support/fakes.js';

async function* chunks(bytes: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function lines(format: 'jsonl' | 'csv', bytes: Buffer, size?: number): Promise<UploadLine[]> {
  const out: UploadLine[] = [];
  for await (const lines of readUpload(format, 'inspections', chunks(bytes, size))) out.push(...lines);
  return out;
}

describe('upload keys', () => {
  it('parses the layout and places the receipt', () => {
    const parsed = parseUploadKey('incoming/inspections/2304/HH-2304-07/b-17.jsonl');
    expect(parsed).toEqual({
      ok: true,
      key: { kind: 'inspections', portCode: '2304', deviceId: 'HH-2304-07', batchId: 'b-17', format: 'jsonl' },
    });
    if (parsed.ok) expect(receiptKeyOf(parsed.key)).toBe('receipts/inspections/2304/HH-2304-07/b-17.json');
  });

  it.each([
    ['incoming/inspections/2304/HH/b.txt', /\.jsonl or \.csv/],
    ['incoming/parcels/2304/HH/b.jsonl', /unknown kind 'parcels'/],
    ['incoming/inspections/23/HH/b.jsonl', /4-digit/],
    ['incoming/inspections/2304/b.jsonl', /must follow/],
    ['incoming/inspections/2304/../b.jsonl', /device id/],
    ['uploads/x.jsonl', /must follow/],
  ])('refuses %s', (key, reason) => {
    const parsed = parseUploadKey(key);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('keeps an invalid key inside receipts/_invalid/', () => {
    expect(invalidReceiptKeyOf('../../etc/pass wd')).toBe('receipts/_invalid/_/_/etc/pass_wd.json');
  });
});

describe('JSON Lines reading', () => {
  it('numbers lines across chunk boundaries, handles CRLF, a BOM and blank lines, and a missing final newline', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\r\n\n  \n{"a":2}\n{"a":3}')]);
    expect(await lines('jsonl', bytes, 3)).toEqual([
      { line: 1, value: { a: 1 }, text: '{"a":1}' },
      { line: 4, value: { a: 2 }, text: '{"a":2}' },
      { line: 5, value: { a: 3 }, text: '{"a":3}' },
    ]);
  });

  it('names bad JSON, bad UTF-8 and over-long lines, and goes on', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{oops\n'),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(`"${'x'.repeat(1024 * 1024 + 5)}"\n{"ok":true}\n`),
    ]);
    const read = await lines('jsonl', bytes, 64 * 1024);
    expect(read.map((l) => ('error' in l ? [l.line, l.error.message.split(':')[0]] : [l.line, 'ok']))).toEqual([
      [1, 'is not valid JSON'],
      [2, 'is not valid UTF-8 text'],
      [3, 'is longer than 1048576 bytes'],
      [4, 'ok'],
    ]);
  });

  it('refuses UTF-16 and binary objects whole', async () => {
    await expect(lines('jsonl', Buffer.from('\uFEFF{"a":1}', 'utf16le'))).rejects.toThrow(NotABatchError);
    await expect(lines('jsonl', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).rejects.toThrow(/binary/);
  });
});

describe('CSV reading', () => {
  it('reads quoted cells with commas and newlines, and numbers rows by their last line', async () => {
    const csv = 'recordId,crossing,travelers\nr1,"Bridge, North",2\nr2,"two\nlines",3\n';
    const read = await lines('csv', Buffer.from(csv));
    expect(read).toEqual([
      { line: 2, value: { recordId: 'r1', crossing: 'Bridge, North', travelers: 2, findings: [] } },
      { line: 4, value: { recordId: 'r2', crossing: 'two\nlines', travelers: 3, findings: [] } },
    ]);
  });

  it('names a row with the wrong number of cells and goes on', async () => {
    const read = await lines('csv', Buffer.from('recordId,travelers\nr1,2,extra\nr2,3\n'));
    expect(read[0]).toMatchObject({ line: 2, error: { field: '(row)' } });
    expect(read[1]).toEqual({ line: 3, value: { recordId: 'r2', travelers: 3, findings: [] } });
  });

  it('names a row with bytes that are not UTF-8', async () => {
    const read = await lines(
      'csv',
      Buffer.concat([Buffer.from('recordId,crossing\nr1,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]),
    );
    expect(read).toEqual([{ line: 2, error: { field: '(row)', message: 'holds bytes that are not valid UTF-8' } }]);
  });

  it('turns finding columns into findings that validate like the JSON form, with the same fingerprint', () => {
    const json = inspection({
      recordId: 'same-1',
      crossing: 'World Trade Bridge',
      techniques: ['xray', 'physical'],
      disposition: 'seized',
      capturedOffline: true,
      findings: [
        { type: 'currency', amountUsd: 12500, declared: false },
        { type: 'narcotic', substance: 'cocaine', kg: 2.5 },
        { type: 'electronic_device', searchLevel: 'advanced', approvedBy: 'SUP-9' },
      ],
    });
    const row: Record<string, string> = Object.fromEntries(csvColumns('inspections').map((c) => [c, '']));
    Object.assign(row, {
      recordId: 'same-1',
      portCode: '2304',
      crossing: 'World Trade Bridge',
      deviceId: 'HH-2304-07',
      officerId: 'OFF-1',
      startedAt: '2026-11-20T10:00:00-06:00',
      mode: 'personal_vehicle',
      techniques: 'xray; physical',
      travelers: '1',
      disposition: 'seized',
      staffMinutes: '10',
      capturedOffline: 'yes',
      currencyUsd: '12500',
      currencyDeclared: 'false',
      narcoticsKg: '2.5',
      narcoticSubstance: 'cocaine',
      deviceSearch: 'advanced',
      deviceSearchApprovedBy: 'SUP-9',
    });
    const context = { portCode: '2304', now: NOW };
    const fromJson = validateRecord('inspections', json, context);
    const fromCsv = validateRecord('inspections', rowToObject('inspections', row), context);
    expect(fromCsv.ok && fromJson.ok).toBe(true);
    if (fromCsv.ok && fromJson.ok) expect(fingerprint(fromCsv.record.data)).toBe(fingerprint(fromJson.record.data));
  });

  it('passes a cell that does not convert on as text, so validation names it', () => {
    const result = validateRecord(
      'inspections',
      rowToObject('inspections', {
        ...Object.fromEntries(
          Object.entries(inspection()).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : String(v)]),
        ),
        travelers: 'two',
      }),
      { portCode: '2304', now: NOW },
    );
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toContain('travelers');
  });
});
