// In-memory stand-ins for the ingest ports, for unit tests of the use case (the adapters are tested on the local servers).

import { SHIPPED_PORTS } from '../../functions/domain/port-data.js';
import { PortRegistry } from '../../functions/domain/ports.js';
import type { ReferralRequest } from '../../functions/domain/records/rules.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';
import type {
  LineSink,
  ObjectInfo,
  ObjectStore,
  PendingReferrals,
  RecordRef,
  RecordStore,
  RecordToStore,
  ReferralStarter,
  StoreResult,
  UploadRegistry,
} from '../../functions/ingest/interfaces.js';
import type { IngestDeps } from '../../functions/ingest/process-upload.js';

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

  async getJson<T>(key: string): Promise<T | undefined> {
    const body = this.objects.get(key);
    return body ? (JSON.parse(body.toString('utf8')) as T) : undefined;
  }

  async putJson(key: string, value: unknown): Promise<void> {
    this.objects.set(key, Buffer.from(JSON.stringify(value)));
  }

  async putJsonIfAbsent(key: string, value: unknown): Promise<boolean> {
    if (this.objects.has(key)) return false;
    await this.putJson(key, value);
    return true;
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

/** What DynamoDB refuses to store: numbers the SDK cannot marshal exactly, and magnitudes below 1e-130. */
function refusedByDynamoDb(data: unknown): string | undefined {
  let refused: string | undefined;
  JSON.stringify(data, (_key, value: unknown) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) refused ??= `cannot marshal ${value}`;
      else if (value !== 0 && Math.abs(value) < 1e-130) refused ??= 'ValidationException: Number underflow';
    }
    return value;
  });
  return refused;
}

const pkOf = (ref: RecordRef) => `${ref.kind}#${ref.portCode}#${ref.recordId}`;

export class MemoryRecords implements RecordStore {
  readonly items = new Map<string, RecordToStore>();
  /** The outbox: records whose referral requests are not yet started. */
  readonly outbox = new Set<string>();
  /** Throws after this many successful writes (a crash half-way through). */
  failAfter = Number.POSITIVE_INFINITY;
  writes = 0;

  async storeIfAbsent(records: readonly RecordToStore[]): Promise<StoreResult[]> {
    const results: StoreResult[] = [];
    for (const entry of records) {
      const { kind, data } = entry.record;
      const pk = pkOf({ kind, portCode: data.portCode, recordId: data.recordId });
      const existing = this.items.get(pk);
      if (existing) {
        results.push({ stored: false, existing: { fingerprint: existing.fingerprint, source: existing.source } });
        continue;
      }
      if (this.writes >= this.failAfter) throw new Error('injected crash');
      const refused = refusedByDynamoDb(data);
      if (refused) throw new Error(refused);
      this.items.set(pk, entry);
      if (entry.referrals?.length) this.outbox.add(pk);
      this.writes++;
      results.push({ stored: true });
    }
    return results;
  }

  async referralsStarted(records: readonly RecordRef[]): Promise<void> {
    for (const ref of records) this.outbox.delete(pkOf(ref));
  }

  async pendingReferrals(before: string, limit: number): Promise<PendingReferrals[]> {
    return [...this.outbox]
      .map((pk) => this.items.get(pk) as RecordToStore)
      .filter((entry) => entry.receivedAt < before)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .slice(0, limit)
      .map((entry) => ({
        record: { kind: entry.record.kind, portCode: entry.record.data.portCode, recordId: entry.record.data.recordId },
        referrals: [...(entry.referrals ?? [])],
        receivedAt: entry.receivedAt,
      }));
  }
}

/** Started referral workflows by referral id; `failNext` makes the next start throw (the process dies there). */
export class MemoryReferrals implements ReferralStarter {
  readonly requests = new Map<string, ReferralRequest>();
  failNext = 0;
  async start(requests: readonly ReferralRequest[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('killed before the referral workflows started');
    }
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
