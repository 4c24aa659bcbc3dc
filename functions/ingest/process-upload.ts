// Takes one uploaded object into the system: every line validated, stored exactly once, and accounted for in a receipt.
import { fingerprint } from '../domain/fingerprint.js';
import type { PortRegistry } from '../domain/ports.js';
import type { ReferralRequest } from '../domain/records/rules.js';
import { localDateOf } from '../domain/records/schemas.js';
import { validateRecord } from '../domain/records/validate.js';
import {
  invalidReceiptKeyOf,
  parseUploadKey,
  quarantineKeyOf,
  receiptKeyOf,
  type UploadKey,
} from '../domain/uploads/key.js';
import { NotABatchError, readUpload, type UploadLine } from '../domain/uploads/lines.js';
import { type LineOutcome, type Receipt, ReceiptBuilder, refusedReceipt } from '../domain/uploads/receipt.js';
import type {
  LineSink,
  ObjectStore,
  RecordStore,
  RecordToStore,
  ReferralRequestStore,
  StoreResult,
  UploadRegistry,
} from './stores.js';

export const BATCH_LINES = 250;
/** Batches whose writes may be under way while the next one is read and checked. */
export const BATCHES_IN_FLIGHT = 2;

export interface IngestDeps {
  objects: ObjectStore;
  records: RecordStore;
  referrals: ReferralRequestStore;
  uploads: UploadRegistry;
  ports: () => Promise<PortRegistry>;
  maxUploadBytes: number;
  now: () => Date;
}

/** The object as the event names it. */
export interface UploadedObject {
  key: string;
  size?: number;
  eTag?: string;
  versionId?: string;
  sequencer?: string;
}

export interface IngestResult {
  receipt: Receipt;
  receiptKey: string;
}

async function refuse(
  deps: IngestDeps,
  object: UploadedObject,
  reason: string,
  key?: UploadKey,
): Promise<IngestResult> {
  const receiptKey = key ? receiptKeyOf(key) : invalidReceiptKeyOf(object.key);
  const receipt = refusedReceipt(object.key, reason, key ?? {}, deps.now());
  await deps.objects.putJson(receiptKey, receipt);
  await deps.uploads.recordReceipt(receipt, receiptKey);
  return { receipt, receiptKey };
}

/** Keeps rejected and conflicting lines aside, opening the quarantine object only when the first one comes. */
class Quarantine {
  private sink?: LineSink;
  constructor(
    private readonly objects: ObjectStore,
    readonly key: string,
  ) {}

  async keep(entry: Record<string, unknown>): Promise<void> {
    this.sink ??= this.objects.openLineSink(this.key);
    await this.sink.write(entry);
  }

  async close(): Promise<string | undefined> {
    if (!this.sink) return undefined;
    await this.sink.close();
    return this.key;
  }
}

export async function processUpload(deps: IngestDeps, object: UploadedObject): Promise<IngestResult> {
  const parsed = parseUploadKey(object.key);
  if (!parsed.ok) return refuse(deps, object, parsed.reason);
  const key = parsed.key;
  if (!(await deps.ports()).isKnown(key.portCode))
    return refuse(deps, object, `port ${key.portCode} is not in the port registry`, key);
  const info = await deps.objects.head(object.key, object.versionId);
  if (!info) return refuse(deps, object, 'the object no longer exists', key);
  if (info.size === 0) return refuse(deps, object, 'the upload is empty', key);
  if (info.size > deps.maxUploadBytes) {
    return refuse(deps, object, `the upload is ${info.size} bytes, over the limit of ${deps.maxUploadBytes}`, key);
  }

  const delivery = object.versionId ?? info.versionId ?? object.sequencer ?? info.eTag;
  const builder = new ReceiptBuilder({
    key: object.key,
    batchId: key.batchId,
    kind: key.kind,
    portCode: key.portCode,
    deviceId: key.deviceId,
  });
  const quarantine = new Quarantine(deps.objects, quarantineKeyOf(key));
  const context = { portCode: key.portCode, now: deps.now() };
  const receivedAt = context.now.toISOString();

  type Prepared = {
    toStore: Array<{ line: number; item: RecordToStore; referrals: ReferralRequest[]; raw: unknown }>;
    outcomes: LineOutcome[];
  };
  /** Reads each line's verdict up to the store: rejected lines kept aside, valid ones made ready to store. */
  const prepare = async (lines: UploadLine[]): Promise<Prepared> => {
    const toStore: Prepared['toStore'] = [];
    const outcomes: LineOutcome[] = [];
    for (const line of lines) {
      if ('error' in line) {
        outcomes.push({ line: line.line, result: 'rejected', errors: [line.error] });
        await quarantine.keep({ line: line.line, outcome: 'rejected', errors: [line.error], text: line.text });
        continue;
      }
      const checked = validateRecord(key.kind, line.value, context);
      if (!checked.ok) {
        outcomes.push({ line: line.line, result: 'rejected', errors: checked.errors });
        await quarantine.keep({ line: line.line, outcome: 'rejected', errors: checked.errors, record: line.value });
        continue;
      }
      toStore.push({
        line: line.line,
        raw: line.value,
        referrals: checked.referralRequests,
        item: {
          record: checked.record,
          day: localDateOf(checked.record),
          fingerprint: fingerprint(checked.record.data),
          source: { key: object.key, delivery, line: line.line },
          flags: checked.flags,
          receivedAt,
        },
      });
      builder.noteFlags(checked.flags);
    }
    return { toStore, outcomes };
  };
  /** Gives each stored line its verdict (accepted, duplicate or conflict) and requests its referrals. */
  const complete = async ({ toStore, outcomes }: Prepared, results: StoreResult[]) => {
    const referrals: ReferralRequest[] = [];
    for (const [index, entry] of toStore.entries()) {
      const result = results[index];
      if (!result) throw new Error('the record store answered fewer results than records');
      const { source, fingerprint: print, record } = entry.item;
      const ours =
        !result.stored &&
        result.existing.source.key === source.key &&
        result.existing.source.delivery === source.delivery &&
        result.existing.source.line === source.line;
      if (result.stored || ours) {
        outcomes.push({ line: entry.line, result: 'accepted' });
        referrals.push(...entry.referrals);
        builder.noteReferrals(entry.referrals.length);
      } else if (result.existing.fingerprint === print) {
        outcomes.push({ line: entry.line, result: 'duplicate' });
      } else {
        const message = `recordId ${record.data.recordId} is already stored with different content (from ${result.existing.source.key}, line ${result.existing.source.line}); the stored record stays`;
        outcomes.push({ line: entry.line, result: 'conflict', recordId: record.data.recordId, message });
        await quarantine.keep({ line: entry.line, outcome: 'conflict', message, record: entry.raw });
      }
    }
    if (referrals.length > 0) await deps.referrals.request(referrals, receivedAt);
    for (const outcome of outcomes.sort((a, b) => a.line - b.line)) builder.add(outcome);
  };
  // One batch's writes overlap the reading and checking of the next (up to BATCHES_IN_FLIGHT batches at once), so
  // the store is never idle while lines are read; batches complete in their order, so the receipt reads in order.
  const inFlight: Promise<void>[] = [];
  let last: Promise<void> = Promise.resolve();
  const flush = async (lines: UploadLine[]) => {
    while (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight.shift();
    const prepared = await prepare(lines);
    const stored = deps.records.storeIfAbsent(prepared.toStore.map((entry) => entry.item));
    const previous = last;
    last = (async () => {
      const results = await stored;
      await previous;
      await complete(prepared, results);
    })();
    // awaited in turn below; marked handled now so a failure while the next lines are read is not "unhandled"
    last.catch(() => undefined);
    inFlight.push(last);
  };

  try {
    let batch: UploadLine[] = [];
    for await (const lines of readUpload(key.format, key.kind, deps.objects.read(object.key, object.versionId))) {
      for (const line of lines) {
        batch.push(line);
        if (batch.length >= BATCH_LINES) {
          await flush(batch);
          batch = [];
        }
      }
    }
    await flush(batch);
    await last;
  } catch (error) {
    await last.catch(() => undefined);
    if (error instanceof NotABatchError) return refuse(deps, object, error.message, key);
    throw error;
  }

  const receiptKey = receiptKeyOf(key);
  const receipt = builder.build(deps.now(), await quarantine.close());
  await deps.objects.putJson(receiptKey, receipt);
  await deps.uploads.recordReceipt(receipt, receiptKey);
  return { receipt, receiptKey };
}
