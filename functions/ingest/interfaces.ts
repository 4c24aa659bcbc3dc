// What the ingest use cases (an upload requested, then processed) need from storage; the adapters implement these
// against S3 and DynamoDB.
import type { RecordKind } from '../domain/records/kinds.js';
import type { ReferralRequest } from '../domain/records/rules.js';
import type { FieldRecord } from '../domain/records/schemas.js';
import type { Receipt } from '../domain/uploads/receipt.js';

export interface ObjectInfo {
  size: number;
  eTag: string;
  versionId?: string;
}

/** A sink of JSON lines written as one object when closed (the quarantine of an upload). */
export interface LineSink {
  write(value: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface ObjectStore {
  head(key: string, versionId?: string): Promise<ObjectInfo | undefined>;
  read(key: string, versionId?: string): AsyncIterable<Uint8Array>;
  getJson<T>(key: string): Promise<T | undefined>;
  putJson(key: string, value: unknown): Promise<void>;
  /** Writes the object only if none is at `key` yet (S3's If-None-Match: *); false if one was there. */
  putJsonIfAbsent(key: string, value: unknown): Promise<boolean>;
  openLineSink(key: string): LineSink;
}

/** Where a stored record came from: an upload's object, its delivery (version), and the line. */
export interface RecordSource {
  key: string;
  delivery: string;
  line: number;
}

export interface RecordToStore {
  record: FieldRecord;
  day: string;
  fingerprint: string;
  source: RecordSource;
  flags: string[];
  receivedAt: string;
  /** The referrals the record's seizure opens: the outbox, written in the same item, until they are started. */
  referrals?: readonly ReferralRequest[];
}

/** Which record: records of different ports never meet, so the port is part of its identity. */
export interface RecordRef {
  kind: RecordKind;
  portCode: string;
  recordId: string;
}

/** A stored record whose referrals are in the outbox: stored, but not known to be started. */
export interface PendingReferrals {
  record: RecordRef;
  referrals: ReferralRequest[];
  receivedAt: string;
}

export type StoreResult = { stored: true } | { stored: false; existing: { fingerprint: string; source: RecordSource } };

export interface RecordStore {
  /**
   * Stores each record, with its referral requests in the outbox, unless its port already holds its recordId (then
   * says what is there); results in input order. `likelyStored` says whether many of them may be there already (a
   * delivery again): the store may then look them up first rather than try each write.
   */
  storeIfAbsent(records: readonly RecordToStore[], options?: { likelyStored?: boolean }): Promise<StoreResult[]>;
  /** Takes these records' referral requests out of the outbox: their workflows are started. */
  referralsStarted(records: readonly RecordRef[], at: string): Promise<void>;
  /** Records whose referrals are still in the outbox, received before `before`, oldest first. */
  pendingReferrals(before: string, limit: number): Promise<PendingReferrals[]>;
}

export interface ReferralStarter {
  /** Starts one workflow per request; starting one already started changes nothing. */
  start(requests: readonly ReferralRequest[]): Promise<void>;
}

export interface UploadRegistry {
  recordReceipt(receipt: Receipt, receiptKey: string): Promise<void>;
}

/** An upload the API handed out an address for, and what became of it. */
export interface UploadEntry {
  batchId: string;
  key: string;
  portCode?: string;
  kind?: string;
  deviceId?: string;
  status: 'awaiting-upload' | 'processed';
  requestedBy?: string;
  requestedAt?: string;
  receiptKey?: string;
  receiptStatus?: Receipt['status'];
  processedAt?: string;
}

/** The uploads requested through the API, by batch and by port. */
export interface UploadRequests {
  /** Registers an awaited upload; false if that batch was already uploaded and processed. */
  expect(entry: Omit<UploadEntry, 'status'>): Promise<boolean>;
  find(batchId: string): Promise<UploadEntry[]>;
  /** The port's latest uploads, newest first. */
  recentByPort(portCode: string, limit: number): Promise<UploadEntry[]>;
}

export interface UploadUrls {
  /** The address, and the headers the client must send with the PUT (signed: leaving one out fails the signature). */
  presignPut(key: string, expiresInSeconds: number): Promise<{ url: string; headers: Record<string, string> }>;
}
