// The upload layout: incoming/{kind}/{portCode}/{deviceId}/{batchId}.{jsonl|csv}, and where its receipt goes.
import { PORT_CODE } from '../ports.js';
import { RECORD_KINDS, type RecordKind } from '../records/kinds.js';

export const INCOMING_PREFIX = 'incoming/';
export const RECEIPTS_PREFIX = 'receipts/';
export const QUARANTINE_PREFIX = 'quarantine/';
export const FORMATS = ['jsonl', 'csv'] as const;
export type UploadFormat = (typeof FORMATS)[number];

export const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface UploadKey {
  kind: RecordKind;
  portCode: string;
  deviceId: string;
  batchId: string;
  format: UploadFormat;
}

export type ParsedKey = { ok: true; key: UploadKey } | { ok: false; reason: string };

export function parseUploadKey(key: string): ParsedKey {
  const layout = 'incoming/{kind}/{portCode}/{deviceId}/{batchId}.{jsonl|csv}';
  if (!key.startsWith(INCOMING_PREFIX)) return { ok: false, reason: `the key must follow ${layout}` };
  const parts = key.slice(INCOMING_PREFIX.length).split('/');
  if (parts.length !== 4) return { ok: false, reason: `the key must follow ${layout}` };
  const [kind, portCode, deviceId, file] = parts as [string, string, string, string];
  if (!(RECORD_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, reason: `unknown kind '${kind}': use ${RECORD_KINDS.join(', ')}` };
  }
  if (!PORT_CODE.test(portCode)) return { ok: false, reason: `'${portCode}' is not a 4-digit port code` };
  if (!SEGMENT.test(deviceId))
    return { ok: false, reason: 'the device id may hold only letters, digits and . _ - (at most 64)' };
  const dot = file.lastIndexOf('.');
  const batchId = dot > 0 ? file.slice(0, dot) : file;
  const format = dot > 0 ? file.slice(dot + 1).toLowerCase() : '';
  if (!(FORMATS as readonly string[]).includes(format))
    return { ok: false, reason: `the file must end in .jsonl or .csv, not '${file}'` };
  if (!SEGMENT.test(batchId))
    return { ok: false, reason: 'the batch id may hold only letters, digits and . _ - (at most 64)' };
  return { ok: true, key: { kind: kind as RecordKind, portCode, deviceId, batchId, format: format as UploadFormat } };
}

export function uploadKeyOf(key: UploadKey): string {
  return `${INCOMING_PREFIX}${key.kind}/${key.portCode}/${key.deviceId}/${key.batchId}.${key.format}`;
}

function suffixOf(key: UploadKey): string {
  return `${key.kind}/${key.portCode}/${key.deviceId}/${key.batchId}`;
}

export function receiptKeyOf(key: UploadKey): string {
  return `${RECEIPTS_PREFIX}${suffixOf(key)}.json`;
}

/** The receipt of a later object written under a batch key already taken in (the first receipt stays). */
export function repeatedReceiptKeyOf(key: UploadKey): string {
  return `${RECEIPTS_PREFIX}_again/${suffixOf(key)}.json`;
}

export function quarantineKeyOf(key: UploadKey): string {
  return `${QUARANTINE_PREFIX}${suffixOf(key)}.jsonl`;
}

/** Where the receipt of an object that is not a batch goes: under receipts/_invalid/, named after the object. */
export function invalidReceiptKeyOf(objectKey: string): string {
  const safe = objectKey
    .replace(/[^A-Za-z0-9._/-]/g, '_')
    .replace(/\.\.+/g, '_')
    .replace(/^\/+/, '');
  return `${RECEIPTS_PREFIX}_invalid/${safe.slice(0, 900)}.json`;
}
