// The local stand-in for the SQS queue between upload events and the ingest function, with SQS's delivery rules:
// at least once; a received message is invisible for the visibility timeout and is delivered again when it expires
// without a delete (a consumer still working past it then shares the message with a second one); a message
// received `maxReceives` times without success goes to the dead-letter file with its last failure. One departure,
// for local use: a failed receive may come back after `retryDelayMs` instead of the whole timeout.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export interface LocalQueueOptions {
  name: string;
  consumer: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  maxReceives: number;
  visibilityTimeoutMs: number;
  /**
   * After a failed receive the message is visible again this soon (ms), as if the consumer had changed its
   * visibility; a receive still running is redelivered only when the visibility timeout ends. Default: the timeout.
   */
  retryDelayMs?: number;
  /** Consumers working at once (Lambda's concurrency on the event source). */
  concurrency?: number;
  deadLetterFile: string;
  log: (line: string) => void;
}

export interface DeadLetter {
  queue: string;
  messageId: string;
  deadLetteredAt: string;
  receives: number;
  reason: string;
  body: string;
}

interface Message {
  messageId: string;
  body: string;
  sentAt: number;
  visibleAt: number;
  receives: number;
  lastError: string;
}

/** The failure in words; Powertools' FullBatchFailureError carries the records' own errors. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = (error as Error & { recordErrors?: unknown[] }).recordErrors;
  const causes = Array.isArray(inner)
    ? inner.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)))
    : [];
  return [`${error.name}: ${error.message}`, ...causes].join(' | ');
}

export class LocalQueue {
  private readonly messages = new Map<string, Message>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  readonly stats = { sent: 0, received: 0, deleted: 0, deadLettered: 0 };

  constructor(private readonly options: LocalQueueOptions) {}

  /** Enqueues a message, visible after `delayMs` (SQS's DelaySeconds). */
  send(body: string, delayMs = 0): string {
    const messageId = randomUUID();
    const now = Date.now();
    this.messages.set(messageId, {
      messageId,
      body,
      sentAt: now,
      visibleAt: now + delayMs,
      receives: 0,
      lastError: '',
    });
    this.stats.sent++;
    this.pump();
    return messageId;
  }

  /** Resolves when no message is waiting or being handled. */
  drained(): Promise<void> {
    if (this.messages.size === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private pump(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const limit = this.options.concurrency ?? 4;
    const now = Date.now();
    for (const message of this.messages.values()) {
      if (this.inFlight >= limit) break;
      if (message.visibleAt > now) continue;
      this.receive(message, now);
    }
    const next = Math.min(...[...this.messages.values()].map((m) => m.visibleAt));
    if (Number.isFinite(next) && this.inFlight < limit)
      this.timer = setTimeout(() => this.pump(), Math.max(1, next - Date.now()));
    if (this.messages.size === 0 && this.inFlight === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private receive(message: Message, now: number): void {
    if (message.receives >= this.options.maxReceives) {
      this.deadLetter(message);
      return;
    }
    message.receives++;
    message.visibleAt = now + this.options.visibilityTimeoutMs;
    this.stats.received++;
    this.inFlight++;
    const receipt = message.receives;
    void this.options
      .consumer(this.event(message, receipt))
      .then((response) => {
        const failed = response?.batchItemFailures?.some((failure) => failure.itemIdentifier === message.messageId);
        if (failed) this.failed(message, receipt, 'reported as a batch item failure');
        else if (this.messages.delete(message.messageId)) this.stats.deleted++;
      })
      .catch((error: unknown) => this.failed(message, receipt, describeFailure(error)))
      .finally(() => {
        this.inFlight--;
        this.pump();
      });
  }

  private failed(message: Message, receipt: number, reason: string): void {
    message.lastError = reason;
    if (receipt !== message.receives) return;
    const retryAt = Date.now() + (this.options.retryDelayMs ?? this.options.visibilityTimeoutMs);
    message.visibleAt = Math.min(message.visibleAt, retryAt);
  }

  private deadLetter(message: Message): void {
    this.messages.delete(message.messageId);
    this.stats.deadLettered++;
    const letter: DeadLetter = {
      queue: this.options.name,
      messageId: message.messageId,
      deadLetteredAt: new Date().toISOString(),
      receives: message.receives,
      reason: message.lastError,
      body: message.body,
    };
    appendFileSync(this.options.deadLetterFile, `${JSON.stringify(letter)}\n`);
    this.options.log(
      `${this.options.name}: message dead-lettered after ${message.receives} receives (${message.lastError})`,
    );
  }

  private event(message: Message, receive: number): SQSEvent {
    return {
      Records: [
        {
          messageId: message.messageId,
          receiptHandle: `${message.messageId}-${receive}`,
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(receive),
            SentTimestamp: String(message.sentAt),
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: String(message.sentAt),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${this.options.name}`,
          awsRegion: 'us-east-1',
        },
      ],
    };
  }
}
