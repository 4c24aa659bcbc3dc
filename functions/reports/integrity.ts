// The program-integrity section of the weekly report and the cost-benefit analysis, gathered from the referrals'
// audit trails and the receipts of uploads with refused lines.
import {
  type IntegritySection,
  integrity,
  reasonOf,
  type UploadProblem,
  type WildlifeReferralFacts,
  wildlifeKey,
} from '../domain/analyses/integrity.js';
import type { StoredInspection } from '../domain/metrics.js';
import type { Port } from '../domain/ports.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { ReportDeps } from './interfaces.js';

/** Program integrity over [from, to]: wildlife referrals' routing, device-search approvals, refused records. */
export async function gatherIntegrity(
  deps: ReportDeps,
  ports: ReadonlyArray<{ port: Port; inspections: readonly StoredInspection[] }>,
  from: string,
  to: string,
): Promise<IntegritySection> {
  const wildlife = (await deps.referrals.openedBetween(undefined, from, to)).filter(
    (r) => r.findingType === 'wildlife',
  );
  const facts = new Map<string, WildlifeReferralFacts>();
  await mapWithConcurrency(wildlife, 6, async (r) => {
    const routed = (await deps.referrals.audit(r.referralId)).find((entry) => entry.toStatus === 'ROUTED');
    facts.set(wildlifeKey(r.portCode, r.recordId, r.findingIndex), {
      referralId: r.referralId,
      status: r.status,
      createdAt: r.createdAt,
      ...(routed ? { routedAt: routed.at } : {}),
    });
  });
  const withProblems = await mapWithConcurrency(ports, 6, async ({ port, inspections }) => {
    const problems: UploadProblem = { rejected: 0, conflicts: 0, reasons: [] };
    const reasons: string[] = [];
    for (const key of await deps.quality.problemReceipts(port.code, from, to)) {
      const receipt = await deps.receipt?.(key);
      if (!receipt) continue;
      problems.rejected += receipt.rejected;
      problems.conflicts += receipt.conflicts;
      for (const error of receipt.errors) reasons.push(reasonOf(error.field, error.message));
      for (let i = 0; i < receipt.conflicts; i++) reasons.push('conflict: same recordId, different content');
      if (receipt.reason) reasons.push(reasonOf(undefined, receipt.reason));
    }
    return { port, inspections, problems: { ...problems, reasons } };
  });
  return integrity({ ports: withProblems, wildlifeReferrals: facts, slaHours: deps.decisionSlaHours });
}
