// The field app's state and what changes it: the signed-in officer, the queue, the receipts, the network, sending.
import { computed, signal } from '@preact/signals';
import type { RecordKind } from '../../functions/domain/records/kinds.js';
import { type FailedSends, failedSendsRecord, noteFailure, type Outage, outageRecord } from './connectivity.js';
import { KINDS } from './forms/kinds.js';
import { BATCH_LIMITS } from './queue/batching.js';
import { type RoundResult, SendScheduler } from './queue/scheduler.js';
import { type QueueChange, sendQueue } from './queue/sender.js';
import { type FieldStore, type QueuedBatch, type QueuedRecord, RECEIPTS_KEPT, recordAfter } from './queue/store.js';
import type { UploadsApi } from './uploads-api.js';

/** The officer whose records this device captures now: known offline too (kept at sign-in). */
export interface Officer {
  /** The token's subject: the key every record of this officer is kept under. */
  subject: string;
  username: string;
  port: string;
}

export interface StorageInfo {
  persisted: boolean | undefined;
  freeBytes: number | undefined;
}

export type SendStatus =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'sent'; at: string }
  | { state: 'offline' }
  | { state: 'failed'; message: string; nextTryAt?: number }
  | { state: 'session-expired' }
  | { state: 'busy' };

export const officer = signal<Officer | undefined>(undefined);
/** Whether the officer's session can call the API now (false: capture goes on, sending waits for sign-in). */
export const sessionValid = signal(false);
export const deviceId = signal('');
export const queue = signal<QueuedRecord[]>([]);
export const receipts = signal<QueuedBatch[]>([]);
export const otherOfficersWaiting = signal(0);
export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
export const sendStatus = signal<SendStatus>({ state: 'idle' });
export const storageInfo = signal<StorageInfo>({ persisted: undefined, freeBytes: undefined });

export const waitingCount = computed(
  () => queue.value.filter((record) => record.state === 'waiting' || record.state === 'sending').length,
);
export const needsCorrection = computed(() =>
  queue.value.filter((record) => record.state === 'rejected' || record.state === 'conflict'),
);

const OFFICER = 'officer';
const FAILED_SENDS = 'failedSends';
const OUTAGE = 'outage';
const SEND_LOCK = 'outbound-field-send';
const CHANNEL = 'outbound-field';

export interface FieldAppDeps {
  store: FieldStore;
  api: UploadsApi;
  /** A valid bearer token for the API, renewed if it can be; null when the officer must sign in again. */
  token: () => Promise<string | null>;
  newId?: () => string;
  now?: () => Date;
}

export class FieldApp {
  readonly scheduler: SendScheduler;
  private readonly channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL);
  private readonly newId: () => string;
  private readonly now: () => Date;

  constructor(private readonly deps: FieldAppDeps) {
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    this.now = deps.now ?? (() => new Date());
    this.scheduler = new SendScheduler({
      round: () => this.round(),
      report: (result, nextTryAt) => this.report(result, nextTryAt),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
    });
    if (this.channel)
      this.channel.onmessage = () => {
        // the queue as shown, read again, says whether a full batch waits to be made
        void this.refresh().then(() => this.batchWhileOffline());
      };
  }

  /** The device's id (made at install, kept), the officer last signed in here, and the queue as it stands. */
  async load(): Promise<void> {
    deviceId.value = await this.deps.store.deviceId(() => `HH-${this.newId().slice(0, 8)}`);
    officer.value = await this.deps.store.meta<Officer>(OFFICER);
    await this.refresh();
    this.batchWhileOffline();
  }

  /** An officer has signed in on this device: from now on, captures are theirs. */
  async signedIn(who: Officer): Promise<void> {
    await this.deps.store.setMeta(OFFICER, who);
    officer.value = who;
    sessionValid.value = true;
    if (sendStatus.value.state === 'session-expired') sendStatus.value = { state: 'idle' };
    await this.refresh();
  }

  async signedOut(): Promise<void> {
    await this.deps.store.deleteMeta(OFFICER);
    officer.value = undefined;
    sessionValid.value = false;
    await this.refresh();
  }

  /**
   * Reads the queue and the receipts again. Calls made while one reload runs share the one reload after it: however
   * many changes come, at most one reload runs and one waits.
   */
  refresh(): Promise<void> {
    if (!this.nextReload) {
      const reload = this.lastReload.then(() => {
        this.nextReload = undefined;
        this.reloading = true;
        return this.reload().finally(() => {
          this.reloading = false;
        });
      });
      this.nextReload = reload;
      this.lastReload = reload.catch(() => undefined);
    }
    return this.nextReload;
  }

  private nextReload: Promise<void> | undefined;
  private lastReload: Promise<void> = Promise.resolve();
  private reloading = false;

  private async reload(): Promise<void> {
    const who = officer.value;
    const counts = await this.deps.store.waitingByOwner();
    otherOfficersWaiting.value = [...counts].filter(([owner]) => owner !== who?.subject).reduce((n, [, c]) => n + c, 0);
    queue.value = who ? await this.deps.store.records(who.subject) : [];
    receipts.value = who ? await this.deps.store.receipts(who.subject) : [];
  }

  private changed(): void {
    this.channel?.postMessage('changed');
    void this.refresh();
  }

  /** The sender's changes, shown as they happen without reading the queue again; other tabs read theirs again. */
  private sent(change: QueueChange): void {
    // other tabs read the queue again once the change is stored (a receipt read is stored as `answered`)
    if (change.type !== 'receipt-read') this.channel?.postMessage('changed');
    const { batch } = change;
    if (change.type === 'batched') {
      this.showInBatch(batch, { onItsWay: true });
    } else if (change.type === 'receipt-read' || change.type === 'answered') {
      const outcomes = new Map(change.outcomes.map((outcome) => [outcome.recordId, outcome]));
      queue.value = queue.value.flatMap((record) => {
        const outcome = outcomes.get(record.recordId);
        if (!outcome || record.batchId !== batch.batchId) return [record];
        const after = recordAfter(record, outcome);
        return after ? [after] : [];
      });
      receipts.value = [batch, ...receipts.value.filter((kept) => kept.batchId !== batch.batchId)].slice(
        0,
        RECEIPTS_KEPT,
      );
    }
    // a reload under way may have read the queue before this change: read it once more after
    if (this.reloading) void this.refresh();
  }

  /** The queue as shown: the batch's records carry its batchId and, once it is on its way, show as sending. */
  private showInBatch(batch: QueuedBatch, { onItsWay }: { onItsWay: boolean }): void {
    const inBatch = new Set(batch.records.map((line) => line.recordId));
    queue.value = queue.value.map((record) =>
      inBatch.has(record.recordId)
        ? { ...record, batchId: batch.batchId, ...(onItsWay ? { state: 'sending' as const } : {}) }
        : record,
    );
  }

  /** Saves a checked record to the queue; it is sent when the device can. */
  async save(kind: RecordKind, data: Record<string, unknown>): Promise<void> {
    const who = officer.value;
    if (!who) throw new Error('no officer is signed in on this device');
    const record: QueuedRecord = {
      recordId: String(data.recordId),
      kind,
      owner: who.subject,
      portCode: who.port,
      data,
      summary: KINDS[kind].summary(data),
      savedAt: this.now().toISOString(),
      state: 'waiting',
    };
    await this.deps.store.save(record);
    // the queue as shown gains the record at once; other tabs read it again
    queue.value = [...queue.value, record];
    this.channel?.postMessage('changed');
    if (navigator.onLine) this.scheduler.trigger();
    else this.batchWhileOffline();
  }

  /** A corrected record goes back to the queue: a rejected one under its recordId, a conflict under a new one. */
  async resend(record: QueuedRecord, data: Record<string, unknown>): Promise<void> {
    const newRecordId = record.state === 'conflict' ? String(data.recordId) : undefined;
    await this.deps.store.resend(record.recordId, data, KINDS[record.kind].summary(data), newRecordId);
    this.changed();
    this.scheduler.trigger();
  }

  async discard(record: QueuedRecord): Promise<void> {
    await this.deps.store.discard(record.recordId);
    this.changed();
  }

  sendNow(): void {
    this.scheduler.trigger();
  }

  /** The network went away: an outage starts (once, whichever tab hears it first). */
  async wentOffline(): Promise<void> {
    online.value = false;
    await this.deps.store.openOutage(this.now());
    sendStatus.value = { state: 'offline' };
    this.batchWhileOffline();
  }

  /** The full batches being made while offline, one run after another; a round reads the batches after it. */
  private offlineBatching: Promise<void> = Promise.resolve();

  /**
   * While offline, the oldest waiting records, when they fill a batch of their kind and port, are made into one at
   * once (a full batch could take no more), so that a short spell of network is spent sending, not reading the queue.
   * The queue as shown says first whether 1,000 records wait outside a batch, so that a save reads nothing more
   * (records large enough to fill 4 MB before 1,000 are batched by the round, as before). A failure here is left to
   * the next round.
   */
  private batchWhileOffline(): void {
    this.offlineBatching = this.offlineBatching
      .then(async () => {
        for (;;) {
          const who = officer.value;
          if (!who || navigator.onLine) return;
          const unbatched = queue.value.filter((record) => record.state === 'waiting' && !record.batchId).length;
          if (unbatched < BATCH_LIMITS.maxRecords) return;
          const made = await this.deps.store.makeBatch(
            who.subject,
            deviceId.value,
            this.newId,
            this.now(),
            BATCH_LIMITS,
            'full',
          );
          if (!made) return;
          // its records stay waiting, as shown, until the batch is tried
          this.showInBatch(made.batch, { onItsWay: false });
        }
      })
      .catch(() => undefined);
  }

  /** The browser says the network is back: sending starts (the outage ends when the API answers). */
  async cameOnline(): Promise<void> {
    online.value = true;
    this.scheduler.trigger();
  }

  /**
   * A send went through, so the network is really back: an open outage, or a run of failed sends, becomes an
   * equipment record of the officer's port (sent in the next round).
   */
  private async networkProven(who: Officer): Promise<void> {
    const back = this.now();
    const outage = await this.deps.store.closeConnectivityNote<Outage>(OUTAGE, (note) =>
      this.queued('equipment', outageRecord(note, back, this.ids(who)), who),
    );
    const failures = await this.deps.store.closeConnectivityNote<FailedSends>(FAILED_SENDS, (note) =>
      this.queued('equipment', failedSendsRecord(note, back, this.ids(who)), who),
    );
    const noted = [outage, failures].filter((record): record is QueuedRecord => record !== undefined);
    if (noted.length > 0) {
      // the queue as shown gains them at once, as a save does; other tabs read theirs again
      queue.value = [...queue.value, ...noted];
      this.channel?.postMessage('changed');
      this.scheduler.trigger();
    }
  }

  private async notesOpen(): Promise<boolean> {
    return Boolean((await this.deps.store.meta(OUTAGE)) ?? (await this.deps.store.meta(FAILED_SENDS)));
  }

  private ids(who: Officer) {
    return { recordId: this.newId(), portCode: who.port, deviceId: deviceId.value };
  }

  private queued(kind: RecordKind, data: object, who: Officer): QueuedRecord {
    const record = data as Record<string, unknown>;
    return {
      recordId: String(record.recordId),
      kind,
      owner: who.subject,
      portCode: who.port,
      data: record,
      summary: KINDS[kind].summary(record),
      savedAt: this.now().toISOString(),
      state: 'waiting',
    };
  }

  private async round(): Promise<RoundResult> {
    if (!navigator.onLine) return { result: 'offline' };
    const who = officer.value;
    if (!who) return { result: 'signed-out' };
    sendStatus.value = { state: 'sending' };
    const run = async (lock: unknown): Promise<RoundResult> => {
      if (!lock) return { result: 'busy' };
      const token = await this.deps.token();
      if (!token) return { result: 'session-expired' };
      await this.offlineBatching;
      let proven = false;
      const outcome = await sendQueue(
        {
          store: this.deps.store,
          api: this.deps.api,
          deviceId: deviceId.value,
          newId: this.newId,
          now: this.now,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          changed: (change) => {
            this.sent(change);
            // an upload went through, so the network is back: the connectivity note joins the queue now, while the
            // round runs, not after its last receipt (when the queue would show 0 for a moment before it)
            if (change.type === 'uploaded' && !proven) {
              proven = true;
              void this.networkProven(who);
            }
          },
        },
        { owner: who.subject, accessToken: token },
      );
      // a failure while the browser believes it is online (and no outage is open) is the connectivity the audit asks about
      if (outcome.result === 'failed' && navigator.onLine && !(await this.deps.store.meta(OUTAGE))) {
        const at = this.now();
        await this.deps.store.updateMeta<FailedSends>(FAILED_SENDS, (previous) =>
          noteFailure(previous, at, outcome.error.message),
        );
      }
      if (
        outcome.result === 'sent' &&
        (outcome.batches > 0 || ((await this.notesOpen()) && (await this.deps.api.reachable())))
      )
        await this.networkProven(who);
      // a round that stopped may have shown a receipt it could not store: the queue is shown as stored
      if (outcome.result !== 'sent') await this.refresh();
      return outcome;
    };
    if (!navigator.locks) return run(true);
    return navigator.locks.request(SEND_LOCK, { ifAvailable: true }, run);
  }

  private report(result: RoundResult, nextTryAt: number | undefined): void {
    switch (result.result) {
      case 'sent':
        sendStatus.value = { state: 'sent', at: this.now().toISOString() };
        break;
      case 'failed':
        sendStatus.value = { state: 'failed', message: result.error.message, ...(nextTryAt ? { nextTryAt } : {}) };
        break;
      case 'refused':
        sendStatus.value = { state: 'failed', message: result.message, ...(nextTryAt ? { nextTryAt } : {}) };
        break;
      case 'session-expired':
        sessionValid.value = false;
        sendStatus.value = { state: 'session-expired' };
        break;
      case 'offline':
        sendStatus.value = { state: 'offline' };
        break;
      case 'busy':
        sendStatus.value = { state: 'busy' };
        break;
      case 'signed-out':
        sendStatus.value = { state: 'idle' };
        break;
    }
  }

  /** Asks for persistent storage (once granted it stays) and reads how much space is left. */
  async checkStorage(): Promise<void> {
    if (!navigator.storage) return;
    let persisted = await navigator.storage.persisted?.();
    if (!persisted) persisted = await navigator.storage.persist?.();
    const estimate = await navigator.storage.estimate?.();
    storageInfo.value = {
      persisted,
      freeBytes: estimate?.quota !== undefined ? Math.max(0, estimate.quota - (estimate.usage ?? 0)) : undefined,
    };
  }
}
