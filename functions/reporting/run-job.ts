// Runs one named job; the scheduler, the jobs Lambda and `POST /jobs/{name}` all come through here.
import { escapeHtml } from '../domain/report.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { compliance, recomputeMetrics } from './jobs.js';
import { sendWeeklyReport, type WeeklyDeps } from './weekly.js';

export const JOB_NAMES = ['metrics', 'compliance', 'weekly-report'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export async function runJob(
  deps: WeeklyDeps,
  job: JobName,
  options: { lookbackDays?: number } = {},
): Promise<unknown> {
  switch (job) {
    case 'metrics':
      return recomputeMetrics(deps, options);
    case 'compliance': {
      const rows = await compliance(deps);
      const below = rows.filter((row) => !row.compliant7);
      if (below.length > 0) {
        const line = (r: (typeof below)[number]) =>
          `${r.name} (${r.portCode}, ${r.border}): ${r.inspectionDays7} of ${r.minimumDaysPerWeek} required inspection days in the last 7; last inspection ${r.lastInspectionDay ?? 'never recorded'}`;
        await deps.output.sendRaw({
          to: [deps.hqEmail],
          subject: `Outbound compliance: ${below.length} ports below the minimum inspection frequency`,
          html: `<p>Ports below their minimum outbound inspection frequency (trailing 7 days):</p><ul>${below.map((r) => `<li>${escapeHtml(line(r))}</li>`).join('')}</ul>`,
          attachments: [],
        });
        await mapWithConcurrency(below, 4, (r) =>
          deps.output.sendRaw({
            to: [deps.addresses.supervisors(r.portCode)],
            subject: `Outbound compliance: ${r.name} (${r.portCode}) is below its minimum inspection frequency`,
            html: `<p>${escapeHtml(line(r))}.</p><p>The policy asks for at least ${r.minimumDaysPerWeek} outbound inspection days a week.</p>`,
            attachments: [],
          }),
        );
      }
      return { ports: rows.length, belowMinimum: below.map((r) => r.portCode) };
    }
    case 'weekly-report':
      return sendWeeklyReport(deps);
  }
}
