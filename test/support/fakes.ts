// In-memory stand-ins for the ingest ports, for unit tests of the use case (the adapters are tested on the local servers).

import { SHIPPED_PORTS } from '../../functions/domain/port-data.js';
import { PortRegistry } from '../../functions/domain/ports.js';
import type { ReferralRequest } from '../../functions/domain/records/rules.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import type { IngestDeps } from '../../functions/ingest/process-upload.js';
import type {
  LineSink,
  ObjectInfo,
  ObjectStore,
  RecordStore,
  RecordToStore,
  ReferralRequestStore,
  StoreResult,
  UploadRegistry,
} from '../../functions/ingest/stores.js';

export { EQUIPMENT, inspection, jsonl, STAFFING, TRAFFIC } from '../../fixtures/records.js';

export class MemoryObjects implements ObjectStore {
  readonly objects = new Map<string, Buffer>();
  chunkSize = 64 * 1024;

  async head(key: string): Promise<ObjectInfo | undefined> {
    const body = this.objects.get(key);
    return body ? { size: body.length, eTag: `etag-${body.length}` } : undefined;
  }

  async *read(key: string): AsyncIterable<Uint8Array> {
    const body = this.objects.get(key) ?? Buffer.alloc(0);
    for (let i = 0; i < body.length; i += this.chunkSize) yield body.subarray(i, i + this.chunkSize);
  }

  async putJson(key: string, value: unknown): Promise<void> {
    this.objects.set(key, Buffer.from(JSON.stringify(value)));
  }

  openLineSink(key: string): LineSink {
    const lines: string[] = [];
    return {
      write: async (value) => {
        lines.push(JSON.stringify(value));
      },
      close: async () => {
        this.objects.set(key, Buffer.from(lines.map((l) => `${l}\n`).join('')));
      },
    };
  }

  lines(key: string): unknown[] {
    return (this.objects.get(key)?.toString('utf8') ?? '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }
}

export class MemoryRecords implements RecordStore {
  readonly items = new Map<string, RecordToStore>();
  /** Throws after this many successful writes (a crash half-way through). */
  failAfter = Number.POSITIVE_INFINITY;
  writes = 0;

  async storeIfAbsent(records: readonly RecordToStore[]): Promise<StoreResult[]> {
    const results: StoreResult[] = [];
    for (const entry of records) {
      const pk = `${entry.record.kind}#${entry.record.data.portCode}#${entry.record.data.recordId}`;
      const existing = this.items.get(pk);
      if (existing) {
        results.push({ stored: false, existing: { fingerprint: existing.fingerprint, source: existing.source } });
        continue;
      }
      if (this.writes >= this.failAfter) throw new Error('injected crash');
      this.items.set(pk, entry);
      this.writes++;
      results.push({ stored: true });
    }
    return results;
  }
}

export class MemoryReferrals implements ReferralRequestStore {
  readonly requests = new Map<string, ReferralRequest>();
  async request(requests: readonly ReferralRequest[]): Promise<void> {
    for (const request of requests)
      if (!this.requests.has(request.referralId)) this.requests.set(request.referralId, request);
  }
}

export class MemoryUploads implements UploadRegistry {
  readonly receipts = new Map<string, Receipt>();
  async recordReceipt(receipt: Receipt, receiptKey: string): Promise<void> {
    this.receipts.set(receiptKey, receipt);
  }
}

export const NOW = new Date('2026-11-22T18:00:00Z');

export function memoryDeps(overrides: Partial<IngestDeps> = {}) {
  const objects = new MemoryObjects();
  const records = new MemoryRecords();
  const referrals = new MemoryReferrals();
  const uploads = new MemoryUploads();
  const registry = new PortRegistry(SHIPPED_PORTS);
  const deps: IngestDeps = {
    objects,
    records,
    referrals,
    uploads,
    ports: async () => registry,
    maxUploadBytes: 10 * 1024 * 1024,
    now: () => NOW,
    ...overrides,
  };
  return { deps, objects, records, referrals, uploads };
}
