// What the ingest use case needs from storage; the adapters implement these against S3 and DynamoDB.
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
  putJson(key: string, value: unknown): Promise<void>;
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
}

export type StoreResult = { stored: true } | { stored: false; existing: { fingerprint: string; source: RecordSource } };

export interface RecordStore {
  /** Stores each record unless its recordId is already stored (then says what is there); results in input order. */
  storeIfAbsent(records: readonly RecordToStore[]): Promise<StoreResult[]>;
}

export interface ReferralRequestStore {
  /** Records the requests, each once (a repeated request changes nothing). */
  request(requests: readonly ReferralRequest[], at: string): Promise<void>;
}

export interface UploadRegistry {
  recordReceipt(receipt: Receipt, receiptKey: string): Promise<void>;
}
