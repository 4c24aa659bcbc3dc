// Takes one uploaded object into the system: every line validated, stored exactly once, and accounted for in a receipt.
import { fingerprint } from '../domain/fingerprint.js';
import type { PortRegistry } from '../domain/ports.js';
import { loadFastPath } from '../domain/records/accept-as-is.js';
import type { ReferralRequest } from '../domain/records/rules.js';
import { type FieldRecord, localDateOf } from '../domain/records/schemas.js';
import { validateRecord } from '../domain/records/validate.js';
import {
  invalidReceiptKeyOf,
  parseUploadKey,
  quarantineKeyOf,
  receiptKeyOf,
  repeatedReceiptKeyOf,
  type UploadKey,
} from '../domain/uploads/key.js';
import { NotABatchError, readUpload, type UploadLine } from '../domain/uploads/lines.js';
import { type LineOutcome, type Receipt, ReceiptBuilder, refusedReceipt } from '../domain/uploads/receipt.js';
import type {
  LineSink,
  ObjectStore,
  RecordRef,
  RecordStore,
  RecordToStore,
  ReferralStarter,
  StoreResult,
  UploadRegistry,
} from './interfaces.js';

export const BATCH_LINES = 250;
/** Batches whose writes may be under way while the next one is read and checked. */
export const BATCHES_IN_FLIGHT = 2;

const identityOf = (record: FieldRecord) => `${record.kind}/${record.data.portCode}/${record.data.recordId}`;

/** Two deliveries of one batch finished at once and the other's receipt cannot be read yet: the queue retries. */
export class ReceiptRaceError extends Error {
  override readonly name = 'ReceiptRaceError';
}

export interface IngestDeps {
  objects: ObjectStore;
  records: RecordStore;
  referrals: ReferralStarter;
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

/**
 * A second object under a batch key already taken in: the first receipt stays, this one gets its own beside it.
 * Its lines are not read (the batch was answered; new records go under a new batch id).
 */
async function alreadyTakenIn(
  deps: IngestDeps,
  object: UploadedObject,
  key: UploadKey,
  first: Receipt,
  delivery: string | undefined,
): Promise<IngestResult> {
  const receiptKey = repeatedReceiptKeyOf(key);
  const reason = `batch ${key.batchId} was already taken in at ${first.processedAt} (its receipt stays at ${receiptKeyOf(key)}); this later object under the same key was not read: send new records under a new batch id`;
  const receipt = { ...refusedReceipt(object.key, reason, key, deps.now()), ...(delivery ? { delivery } : {}) };
  await deps.objects.putJson(receiptKey, receipt);
  return { receipt, receiptKey };
}

export async function processUpload(deps: IngestDeps, object: UploadedObject): Promise<IngestResult> {
  const parsed = parseUploadKey(object.key);
  if (!parsed.ok) return refuse(deps, object, parsed.reason);
  const key = parsed.key;
  const [ports] = await Promise.all([deps.ports(), loadFastPath()]);
  if (!ports.isKnown(key.portCode))
    return refuse(deps, object, `port ${key.portCode} is not in the port registry`, key);
  const info = await deps.objects.head(object.key, object.versionId);
  if (!info) return refuse(deps, object, 'the object no longer exists', key);
  if (info.size === 0) return refuse(deps, object, 'the upload is empty', key);
  if (info.size > deps.maxUploadBytes) {
    return refuse(deps, object, `the upload is ${info.size} bytes, over the limit of ${deps.maxUploadBytes}`, key);
  }

  const delivery = object.versionId ?? info.versionId ?? object.sequencer ?? info.eTag;
  const receiptKey = receiptKeyOf(key);
  const taken = await deps.objects.getJson<Receipt>(receiptKey);
  if (taken) {
    if (taken.delivery !== delivery) return alreadyTakenIn(deps, object, key, taken, delivery);
    // this very object was taken in already (a repeated event): its receipt is the answer
    await deps.uploads.recordReceipt(taken, receiptKey);
    return { receipt: taken, receiptKey };
  }
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

  /** One batch read and checked: the verdicts known before the store, what to store, and what to keep aside. */
  interface Prepared {
    toStore: Array<{ line: number; item: RecordToStore; raw: unknown }>;
    outcomes: LineOutcome[];
    kept: Array<{ line: number } & Record<string, unknown>>;
    identities: Set<string>;
  }
  const prepare = (lines: UploadLine[]): Prepared => {
    const prepared: Prepared = { toStore: [], outcomes: [], kept: [], identities: new Set() };
    for (const line of lines) {
      if ('error' in line) {
        prepared.outcomes.push({ line: line.line, result: 'rejected', errors: [line.error] });
        prepared.kept.push({ line: line.line, outcome: 'rejected', errors: [line.error], text: line.text });
        continue;
      }
      const checked = validateRecord(key.kind, line.value, context);
      if (!checked.ok) {
        prepared.outcomes.push({ line: line.line, result: 'rejected', errors: checked.errors });
        // a JSON line is kept as it was sent (its value may nest too deep to write, or hold numbers JSON cannot)
        const kept = line.text !== undefined ? { text: line.text } : { record: line.value };
        prepared.kept.push({ line: line.line, outcome: 'rejected', errors: checked.errors, ...kept });
        continue;
      }
      prepared.toStore.push({
        line: line.line,
        raw: line.value,
        item: {
          record: checked.record,
          day: localDateOf(checked.record),
          fingerprint: fingerprint(checked.record.data),
          source: { key: object.key, delivery, line: line.line },
          flags: checked.flags,
          receivedAt,
          ...(checked.referralRequests.length > 0 ? { referrals: checked.referralRequests } : {}),
        },
      });
      prepared.identities.add(identityOf(checked.record));
      builder.noteFlags(checked.flags);
    }
    return prepared;
  };

  /** Gives each stored line its verdict, keeps the batch's rejected and conflicting lines aside in line order. */
  const complete = async ({ toStore, outcomes, kept }: Prepared, results: StoreResult[]) => {
    const referrals: ReferralRequest[] = [];
    const opened: RecordRef[] = [];
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
        const requests = entry.item.referrals ?? [];
        if (requests.length > 0) {
          referrals.push(...requests);
          opened.push({ kind: record.kind, portCode: record.data.portCode, recordId: record.data.recordId });
        }
        builder.noteReferrals(requests.length);
      } else if (result.existing.fingerprint === print) {
        outcomes.push({ line: entry.line, result: 'duplicate' });
      } else {
        const message = `recordId ${record.data.recordId} is already stored with different content (from ${result.existing.source.key}, line ${result.existing.source.line}); the stored record stays`;
        outcomes.push({ line: entry.line, result: 'conflict', recordId: record.data.recordId, message });
        kept.push({ line: entry.line, outcome: 'conflict', message, record: entry.raw });
      }
    }
    for (const entry of kept.sort((a, b) => a.line - b.line)) await quarantine.keep(entry);
    // the requests are in the outbox with their records: started here, or by the sweep if this process dies first
    if (referrals.length > 0) {
      await deps.referrals.start(referrals);
      await deps.records.referralsStarted(opened, deps.now().toISOString());
    }
    for (const outcome of outcomes.sort((a, b) => a.line - b.line)) builder.add(outcome);
  };

  // A batch's writes overlap the reading and checking of the next ones (up to BATCHES_IN_FLIGHT batches stored at
  // once), so the store is not idle while lines are read. Batches complete in their order, so the receipt and the
  // quarantine read in line order; a batch that names a record still being stored by an earlier one waits for it,
  // so the earlier line is the one stored, as without the overlap.
  const inFlight: Array<{ done: Promise<void>; identities: Set<string> }> = [];
  let last: Promise<void> = Promise.resolve();
  // the first batch, and every batch after one that found records already stored (a delivery again, or the rest of
  // one that stopped half-way), asks the store to look them up first; the batches of a new upload write straight away
  let likelyStored = true;
  const flush = async (lines: UploadLine[]) => {
    const prepared = prepare(lines);
    const sharesARecord = () =>
      inFlight.some((earlier) => [...prepared.identities].some((id) => earlier.identities.has(id)));
    while (inFlight.length >= BATCHES_IN_FLIGHT || (inFlight.length > 0 && sharesARecord())) {
      await inFlight.shift()?.done;
    }
    const stored = deps.records.storeIfAbsent(
      prepared.toStore.map((entry) => entry.item),
      { likelyStored },
    );
    stored.then(
      (results) => {
        likelyStored = results.some((result) => !result.stored);
      },
      () => undefined,
    );
    const previous = last;
    last = (async () => {
      const results = await stored;
      await previous;
      await complete(prepared, results);
    })();
    // awaited in turn; marked handled now so that a failure while the next lines are read is not "unhandled"
    last.catch(() => undefined);
    inFlight.push({ done: last, identities: prepared.identities });
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
    // the writes under way finish (or fail) before the upload is answered
    await last.catch(() => undefined);
    if (error instanceof NotABatchError) return refuse(deps, object, error.message, key);
    throw error;
  }

  const receipt = { ...builder.build(deps.now(), await quarantine.close()), ...(delivery ? { delivery } : {}) };
  if (await deps.objects.putJsonIfAbsent(receiptKey, receipt)) {
    await deps.uploads.recordReceipt(receipt, receiptKey);
    return { receipt, receiptKey };
  }
  // another delivery wrote the batch's receipt while this one was being read: the first receipt stays
  const first = await deps.objects.getJson<Receipt>(receiptKey);
  if (!first) throw new ReceiptRaceError(`the receipt at ${receiptKey} is being written by another delivery`);
  if (first.delivery !== delivery) return alreadyTakenIn(deps, object, key, first, delivery);
  await deps.uploads.recordReceipt(first, receiptKey);
  return { receipt: first, receiptKey };
}
