// The local stand-in for the SQS queue between upload events and the ingest function: at-least-once delivery,
// a message that keeps failing is retried, then dead-lettered with its reason (as the queue's DLQ does in AWS).
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export interface LocalQueueOptions {
  name: string;
  consumer: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  maxReceives: number;
  retryDelayMs: number;
  deadLetterFile: string;
  log: (line: string) => void;
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
  constructor(private readonly options: LocalQueueOptions) {}

  async send(body: string): Promise<void> {
    const messageId = randomUUID();
    let lastError = '';
    for (let receive = 1; receive <= this.options.maxReceives; receive++) {
      try {
        const response = await this.options.consumer(this.event(messageId, body, receive));
        const failed = response?.batchItemFailures?.some((failure) => failure.itemIdentifier === messageId);
        if (!failed) return;
        lastError = 'reported as a batch item failure';
      } catch (error) {
        lastError = describeFailure(error);
      }
      if (receive < this.options.maxReceives)
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs * receive));
    }
    appendFileSync(
      this.options.deadLetterFile,
      `${JSON.stringify({ queue: this.options.name, messageId, deadLetteredAt: new Date().toISOString(), receives: this.options.maxReceives, reason: lastError, body })}\n`,
    );
    this.options.log(
      `${this.options.name}: message dead-lettered after ${this.options.maxReceives} receives (${lastError})`,
    );
  }

  private event(messageId: string, body: string, receive: number): SQSEvent {
    const now = Date.now().toString();
    return {
      Records: [
        {
          messageId,
          receiptHandle: `${messageId}-${receive}`,
          body,
          attributes: {
            ApproximateReceiveCount: String(receive),
            SentTimestamp: now,
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: now,
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
