// The scheduled jobs: one list, read by the CDK app (EventBridge Scheduler) and by the local cloud (croner).

export interface ScheduleSpec {
  /** The job's name, as `POST /jobs/{name}` knows it. */
  name: string;
  /** EventBridge Scheduler cron expression: cron(minutes hours day-of-month month day-of-week year). */
  expression: string;
  timezone: string;
  /** The local function (and CDK construct) that runs the job. */
  functionId: string;
  description: string;
}

export const SCHEDULES: readonly ScheduleSpec[] = [
  {
    name: 'metrics',
    expression: 'cron(30 2 * * ? *)',
    timezone: 'America/Chicago',
    functionId: 'jobs',
    description:
      'Nightly: recompute every port’s daily metrics over the 14-day look-back window (late uploads included)',
  },
  {
    name: 'compliance',
    expression: 'cron(0 7 * * ? *)',
    timezone: 'America/Chicago',
    functionId: 'jobs',
    description: 'Daily: ports below their minimum inspection frequency → email the ports and headquarters',
  },
  {
    name: 'weekly-report',
    expression: 'cron(0 8 ? * MON *)',
    timezone: 'America/Chicago',
    functionId: 'jobs',
    description: 'Mondays: the weekly headquarters report (HTML, charts, CSV) by email and in the reports bucket',
  },
  {
    name: 'cost-benefit',
    expression: 'cron(0 9 2 1,4,7,10 ? *)',
    timezone: 'America/Chicago',
    functionId: 'jobs',
    description:
      'Quarterly (the 2nd of January, April, July, October): the cost-benefit analysis of the quarter just ended',
  },
  {
    name: 'infrastructure',
    expression: 'cron(0 9 1 * ? *)',
    timezone: 'America/Chicago',
    functionId: 'jobs',
    description: 'Monthly (the 1st): the infrastructure and connectivity assessment of the month just ended',
  },
];

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Translates an EventBridge cron expression to the five-field form croner and crontab use. */
export function toFiveFieldCron(expression: string): string {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = match?.[1]?.trim().split(/\s+/);
  if (fields?.length !== 6) throw new Error(`not an EventBridge cron expression: ${expression}`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (year !== '*') throw new Error(`a year field other than * is not supported: ${expression}`);
  const weekday = dayOfWeek.replace(/\b([1-7])\b/g, (_, n: string) => DAY_NAMES[Number(n) - 1] as string);
  return [minutes, hours, dayOfMonth === '?' ? '*' : dayOfMonth, month, weekday === '?' ? '*' : weekday].join(' ');
}
