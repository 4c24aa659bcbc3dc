// Runs one named job; the scheduler, the jobs Lambda and `POST /jobs/{name}` (through the jobs Lambda) all come here.
import { type ComplianceCheckDeps, checkCompliance } from '../compliance/check.js';
import { recomputeMetrics } from '../metrics/recompute.js';
import { runCostBenefit, runInfrastructure } from '../reports/analyses.js';
import type { ReportDeps } from '../reports/interfaces.js';
import { sendWeeklyReport } from '../reports/weekly.js';
import type { JobName } from './job-names.js';

/** What every job needs: the reports' reads and outputs, and what the compliance check adds. */
export type JobDeps = ReportDeps & ComplianceCheckDeps;

export async function runJob(
  deps: JobDeps,
  job: JobName,
  options: { lookbackDays?: number; period?: string } = {},
): Promise<unknown> {
  switch (job) {
    case 'metrics':
      return recomputeMetrics(deps, options.lookbackDays === undefined ? {} : { lookbackDays: options.lookbackDays });
    case 'cost-benefit':
      return runCostBenefit(deps, options.period ? { period: options.period } : {});
    case 'infrastructure':
      return runInfrastructure(deps, options.period ? { period: options.period } : {});
    case 'compliance':
      return checkCompliance(deps);
    case 'weekly-report':
      return sendWeeklyReport(deps);
  }
}
