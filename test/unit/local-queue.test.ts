// The local queue keeps SQS's delivery rules: visibility timeout, redelivery, dead letters after N receives.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue, type LocalQueueOptions } from '../../local/queue.js';

function queue(consumer: LocalQueueOptions['consumer'], overrides: Partial<LocalQueueOptions> = {}) {
  const deadLetterFile = join(mkdtempSync(join(tmpdir(), 'queue-')), 'dead.jsonl');
  return {
    deadLetterFile,
    queue: new LocalQueue({
      name: 'q',
      consumer,
      maxReceives: 3,
      visibilityTimeoutMs: 30,
      deadLetterFile,
      log: () => undefined,
      ...overrides,
    }),
  };
}

const receiveCount = (event: SQSEvent) => Number(event.Records[0]?.attributes.ApproximateReceiveCount);

describe('local queue', () => {
  it('delivers a message once when its consumer succeeds', async () => {
    const seen: number[] = [];
    const { queue: q } = queue(async (event) => {
      seen.push(receiveCount(event));
      return undefined;
    });
    q.send('a');
    await q.drained();
    expect(seen).toEqual([1]);
    expect(q.stats).toMatchObject({ sent: 1, received: 1, deleted: 1, deadLettered: 0 });
  });

  it('delivers a failed message again only after its visibility timeout', async () => {
    const at: number[] = [];
    const { queue: q } = queue(async (event) => {
      at.push(Date.now());
      if (receiveCount(event) < 2) throw new Error('transient');
      return undefined;
    });
    q.send('b');
    await q.drained();
    expect(at).toHaveLength(2);
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(25);
  });

  it('retries a failed message after the retry delay, long before the visibility timeout', async () => {
    const at: number[] = [];
    const { queue: q } = queue(
      async (event) => {
        at.push(Date.now());
        if (receiveCount(event) < 2) throw new Error('transient');
        return undefined;
      },
      { visibilityTimeoutMs: 60_000, retryDelayMs: 20 },
    );
    q.send('c');
    await q.drained();
    expect(at).toHaveLength(2);
    expect((at[1] as number) - (at[0] as number)).toBeLessThan(1000);
  });

  it('hands a message to a second consumer while a slow first one still holds it', async () => {
    let concurrent = 0;
    let most = 0;
    const { queue: q } = queue(async () => {
      most = Math.max(most, ++concurrent);
      await new Promise((r) => setTimeout(r, 80));
      concurrent--;
      return undefined;
    });
    q.send('slow');
    await q.drained();
    expect(most).toBeGreaterThanOrEqual(2);
  });

  it('dead-letters a message after maxReceives failures, with the last reason', async () => {
    const { queue: q, deadLetterFile } = queue(async () => {
      throw new Error('the message body is broken');
    });
    q.send('poison');
    await q.drained();
    const [letter] = readFileSync(deadLetterFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(letter).toMatchObject({ queue: 'q', receives: 3, body: 'poison' });
    expect(letter.reason).toContain('the message body is broken');
    expect(q.stats.deadLettered).toBe(1);
  });

  it('waits for a delayed message before it is delivered', async () => {
    const seen: string[] = [];
    const { queue: q } = queue(async (event) => {
      seen.push(event.Records[0]?.body ?? '');
      return undefined;
    });
    q.send('late', 40);
    q.send('early');
    await q.drained();
    expect(seen).toEqual(['early', 'late']);
  });
});
