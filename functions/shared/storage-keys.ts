// How things are keyed where they are kept, in one place for the adapters and for whatever looks at the stores from
// outside (chaos runs, tests, benchmarks): the records' and referrals' item keys, where an upload's receipt goes, and
// the reports bucket's layout.
import type { RecordKind } from '../domain/records/kinds.js';
import { invalidReceiptKeyOf, parseUploadKey, receiptKeyOf } from '../domain/uploads/key.js';

// the uploads bucket's layout is the domain's (an upload's key says what it holds): functions/domain/uploads/key.ts
export { uploadKeyOf } from '../domain/uploads/key.js';

/** The sort key of a stored record's item (the records table keeps nothing else under a record's key). */
export const RECORD_SK = 'RECORD';

/** A record's key: its kind, its port and its recordId, so that records of different ports never meet. */
export function recordPk(kind: RecordKind, portCode: string, recordId: string): string {
  return `${kind}#${portCode}#${recordId}`;
}

/** The parts of a record's key; undefined for a key of another layout. */
export function parseRecordPk(pk: string): { kind: string; portCode: string; recordId: string } | undefined {
  const match = /^([a-z]+)#(\d{4})#(.+)$/.exec(pk);
  return match ? { kind: match[1] as string, portCode: match[2] as string, recordId: match[3] as string } : undefined;
}

/** The index key that finds a port's records of one kind by day: byPortDay (gsi1pk, gsi1sk = `{day}#{recordId}`). */
export function portDayKey(portCode: string, kind: RecordKind): string {
  return `${portCode}#${kind}`;
}

/** The sparse index of records whose referral requests are not yet started (gsi2pk is set only while they wait). */
export const REFERRAL_OUTBOX_INDEX = 'referralOutbox';
export const REFERRAL_OUTBOX = 'REFERRAL_OUTBOX';

/** A referral's items: its state under META, its audit trail under AUDIT#{at}#{nonce}. */
export function referralPk(referralId: string): string {
  return `REFERRAL#${referralId}`;
}
export const REFERRAL_META_SK = 'META';
export const AUDIT_PREFIX = 'AUDIT#';

/** Where the ingest answers an object of the uploads bucket: its batch's receipt, or its invalid-object receipt. */
export function receiptKeyOfObject(objectKey: string): string {
  const parsed = parseUploadKey(objectKey);
  return parsed.ok ? receiptKeyOf(parsed.key) : invalidReceiptKeyOf(objectKey);
}

/** A report's page in the reports bucket; its CSV and charts beside it ({kind}/{period}/…). */
export const REPORT_PAGE = 'report.html';

export function reportKeysOf(kind: string, period: string, csvName: string, chartNames: readonly string[]) {
  const folder = `${kind}/${period}`;
  return {
    html: `${folder}/${REPORT_PAGE}`,
    csv: `${folder}/${csvName}`,
    charts: chartNames.map((name) => `${folder}/charts/${name}.png`),
  };
}
