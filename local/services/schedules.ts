// EventBridge Scheduler for the local cloud: the CDK app's cron expressions, run in this process.
import { Cron } from 'croner';
import { SCHEDULES, toFiveFieldCron } from '../../functions/shared/schedules.js';
import { invokeLocal } from '../functions.js';

export function startSchedules(log: (line: string) => void): { stop: () => Promise<void> } {
  const jobs = SCHEDULES.map(
    (spec) =>
      new Cron(toFiveFieldCron(spec.expression), { timezone: spec.timezone, protect: true }, async () => {
        log(`schedule ${spec.name}: running`);
        await invokeLocal(spec.functionId, { source: 'schedule', job: spec.name }).catch((error: unknown) =>
          log(`schedule ${spec.name}: ${String(error)}`),
        );
      }),
  );
  return {
    stop: async () => {
      for (const job of jobs) job.stop();
    },
  };
}
