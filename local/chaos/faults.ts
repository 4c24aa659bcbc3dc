// The faults of a chaos run beyond the SDK's: upload events duplicated and delayed, the Step Functions endpoint
// restarted while referral executions run, and the dead letters an operator redrives afterwards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCloud } from '../cloud.js';
import type { DeadLetter } from '../queue.js';
import { until } from './waiting.js';

export interface EventCounts {
  sent: number;
  duplicated: number;
  delayed: number;
}

/** Delivers one event in five twice, and three copies in ten after up to 3 s (so some arrive out of order). */
export function faultyDelivery(random: () => number, events: EventCounts): () => number[] {
  return () => {
    const copies = random() < 0.2 ? 2 : 1;
    if (copies === 2) events.duplicated++;
    events.sent += copies;
    return Array.from({ length: copies }, () => {
      const delayed = random() < 0.3;
      if (delayed) events.delayed++;
      return delayed ? Math.floor(random() * 3000) : 0;
    });
  };
}

/**
 * Restarts the Step Functions endpoint `times` times, each once more referral executions run than at the last
 * (or any, once uploading is over); resolves with how many executions were resumed.
 */
export async function restartStepFunctionsWhileRunning(
  cloud: LocalCloud,
  times: number,
  uploading: () => boolean,
  log: (line: string) => void,
): Promise<number> {
  const referralArn = cloud.endpoints.stateMachines.referral as string;
  let resumed = 0;
  for (let r = 0; r < times; r++) {
    const running = await until(
      'running referral executions',
      async () => {
        const count = cloud.stepFunctions.listExecutions(referralArn, 'RUNNING').length;
        return count > r * 2 || (!uploading() && count > 0) ? count : undefined;
      },
      120_000,
    ).catch(() => 0);
    if (running === 0) break;
    const result = await cloud.restartStepFunctions();
    resumed += result.resumed;
    log(`step functions restarted with ${running} executions running: ${result.resumed} resumed`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return resumed;
}

export function readDeadLetters(home: string): DeadLetter[] {
  try {
    return readFileSync(join(home, 'dead-letters.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DeadLetter);
  } catch {
    return [];
  }
}
