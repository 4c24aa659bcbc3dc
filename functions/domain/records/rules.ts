// The program's rules on a valid inspection: reporting and procedure violations, and the referrals a seizure opens.
import type { Finding, Inspection } from './schemas.js';

export const CURRENCY_REPORTING_THRESHOLD_USD = 10_000;
export const SEIZABLE = ['currency', 'firearm', 'ammunition', 'explosive', 'narcotic', 'wildlife'] as const;
export type SeizableType = (typeof SEIZABLE)[number];

export type Flag = 'currency_reporting_violation' | 'device_search_without_approval';

export interface ReferralRequest {
  /** Idempotency key: one referral per seizure finding, `{portCode}-{recordId}-{findingIndex}`. */
  referralId: string;
  recordId: string;
  findingIndex: number;
  findingType: SeizableType;
  portCode: string;
  agencies: string[];
}

export function isSeizure(inspection: Pick<Inspection, 'disposition'>): boolean {
  return inspection.disposition === 'seized' || inspection.disposition === 'arrested';
}

export type SeizableFinding = Extract<Finding, { type: SeizableType }>;

export function isSeizable(finding: Finding): finding is SeizableFinding {
  return (SEIZABLE as readonly string[]).includes(finding.type);
}

/** How much a seizable finding holds, in its type's unit: USD, firearms, rounds, kg or specimens. */
export function seizedQuantity(finding: SeizableFinding): number {
  switch (finding.type) {
    case 'currency':
      return finding.amountUsd;
    case 'firearm':
    case 'wildlife':
      return finding.count;
    case 'ammunition':
      return finding.rounds;
    case 'explosive':
    case 'narcotic':
      return finding.kg;
  }
}

export function flagsOf(inspection: Inspection): Flag[] {
  const flags = new Set<Flag>();
  for (const finding of inspection.findings) {
    if (finding.type === 'currency' && !finding.declared && finding.amountUsd > CURRENCY_REPORTING_THRESHOLD_USD) {
      flags.add('currency_reporting_violation');
    }
    if (finding.type === 'electronic_device' && finding.searchLevel === 'advanced' && !finding.approvedBy) {
      flags.add('device_search_without_approval');
    }
  }
  return [...flags];
}

export function agenciesFor(type: SeizableType): string[] {
  if (type === 'currency') return ['HSI', 'FinCEN'];
  if (type === 'wildlife') return ['HSI', 'USFWS'];
  return ['HSI'];
}

/** One referral request per seizable finding of an inspection that ended in a seizure or an arrest. */
export function referralRequestsOf(inspection: Inspection): ReferralRequest[] {
  if (!isSeizure(inspection)) return [];
  return inspection.findings.flatMap((finding, findingIndex) =>
    isSeizable(finding)
      ? [
          {
            referralId: `${inspection.portCode}-${inspection.recordId}-${findingIndex}`,
            recordId: inspection.recordId,
            findingIndex,
            findingType: finding.type,
            portCode: inspection.portCode,
            agencies: agenciesFor(finding.type),
          },
        ]
      : [],
  );
}
