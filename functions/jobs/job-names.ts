// The jobs the jobs function runs, by the name the schedules and `POST /jobs/{name}` use: the one list to add a job to
// (then give it its case in run-job.ts).
export const JOB_NAMES = ['metrics', 'compliance', 'weekly-report', 'cost-benefit', 'infrastructure'] as const;
export type JobName = (typeof JOB_NAMES)[number];
