// The daily compliance check: every port against its minimum, a notice to headquarters and to each port below it,
// and (with the policy's switch on) a random pulse among those ports.
import type { Addresses } from '../domain/referrals.js';
import { escapeHtml } from '../domain/report-html.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { SchedulingDeps } from '../surges/interfaces.js';
import { scheduleSurge } from '../surges/schedule.js';
import type { HtmlMailer, StandingsDeps } from './interfaces.js';
import { complianceRows } from './standings.js';

export const PULSE_DELAY_HOURS = 1;
export const PULSE_HOURS = 8;

export interface ComplianceCheckDeps extends StandingsDeps {
  output: HtmlMailer;
  hqEmail: string;
  addresses: Addresses;
  /** Present where the surge workflow is configured: lets the check schedule a pulse. */
  scheduling?: SchedulingDeps;
  now: () => Date;
}

export interface ComplianceCheckResult {
  ports: number;
  belowMinimum: string[];
  pulse?: { surgeId: string; among: number };
}

/** With the policy's switch on, schedules a random pulse among the ports below minimum (up to two of them). */
async function autoPulse(
  deps: ComplianceCheckDeps,
  below: string[],
): Promise<{ surgeId: string; among: number } | undefined> {
  if (below.length === 0 || !deps.scheduling || !(await deps.policy.get()).policy.autoPulse) return undefined;
  const now = deps.now();
  const surge = await scheduleSurge(
    deps.scheduling,
    {
      mode: 'random',
      among: below,
      count: Math.min(2, below.length),
      start: new Date(now.getTime() + PULSE_DELAY_HOURS * 3_600_000).toISOString(),
      end: new Date(now.getTime() + (PULSE_DELAY_HOURS + PULSE_HOURS) * 3_600_000).toISOString(),
      justification: `Automatic pulse from the daily compliance check: ${below.length} ports below their minimum inspection frequency`,
    },
    'compliance-job',
    now,
  );
  return { surgeId: surge.surgeId, among: below.length };
}

export async function checkCompliance(deps: ComplianceCheckDeps): Promise<ComplianceCheckResult> {
  const rows = await complianceRows(deps, deps.now().toISOString().slice(0, 10));
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
  const pulse = await autoPulse(
    deps,
    below.map((r) => r.portCode),
  );
  return { ports: rows.length, belowMinimum: below.map((r) => r.portCode), ...(pulse ? { pulse } : {}) };
}
