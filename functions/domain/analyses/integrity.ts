// Program integrity (the wildlife and device-search audits): wildlife seizures and whether they reached HSI and USFWS
// within the SLA, advanced device searches and their documented approval, and the records uploads lost to rejection
// or conflict, with their most common reasons.
import type { StoredInspection } from '../metrics.js';
import type { Port } from '../ports.js';
import { isSeizure } from '../records/rules.js';

/** How a wildlife referral is found from its seizure: port, record and the finding's place in it. */
export const wildlifeKey = (portCode: string, recordId: string, findingIndex: number) =>
  `${portCode}/${recordId}/${findingIndex}`;

export interface WildlifeReferralFacts {
  referralId: string;
  status: string;
  createdAt: string;
  /** When the referral was routed to its agencies (HSI and USFWS), from its audit trail; undefined if never. */
  routedAt?: string;
}

export interface UploadProblem {
  rejected: number;
  conflicts: number;
  /** One entry per rejected line error or conflict: "field: message". */
  reasons: readonly string[];
}

export interface IntegrityRow {
  portCode: string;
  name: string;
  wildlifeSeizures: number;
  wildlifeReferred: number;
  wildlifeReachedAgencies: number;
  wildlifeWithinSla: number;
  advancedSearches: number;
  advancedApproved: number;
  /** Share of advanced searches with a documented supervisor approval; null without any. */
  approvalShare: number | null;
  rejectedRecords: number;
  conflictingRecords: number;
  topReasons: Array<{ reason: string; count: number }>;
}

export interface IntegritySection {
  slaHours: number;
  ports: IntegrityRow[];
  national: Omit<IntegrityRow, 'portCode' | 'name'>;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/** The reason of a rejected line without the values it held (a reason is a rule, not data). */
export function reasonOf(field: string | undefined, message: string): string {
  return `${field ? `${field}: ` : ''}${message}`.replace(/\s+/g, ' ').slice(0, 160);
}

function topReasons(reasons: readonly string[], limit = 3): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([reason, count]) => ({ reason, count }));
}

export function integrity(input: {
  ports: ReadonlyArray<{
    port: Pick<Port, 'code' | 'name'>;
    inspections: readonly StoredInspection[];
    problems: UploadProblem;
  }>;
  /** Wildlife referrals by their seizure (wildlifeKey). */
  wildlifeReferrals: ReadonlyMap<string, WildlifeReferralFacts>;
  slaHours: number;
}): IntegritySection {
  const rows: IntegrityRow[] = input.ports.map(({ port, inspections, problems }) => {
    const row: IntegrityRow = {
      portCode: port.code,
      name: port.name,
      wildlifeSeizures: 0,
      wildlifeReferred: 0,
      wildlifeReachedAgencies: 0,
      wildlifeWithinSla: 0,
      advancedSearches: 0,
      advancedApproved: 0,
      approvalShare: null,
      rejectedRecords: problems.rejected,
      conflictingRecords: problems.conflicts,
      topReasons: topReasons(problems.reasons),
    };
    for (const { data } of inspections) {
      data.findings.forEach((finding, index) => {
        if (finding.type === 'electronic_device' && finding.searchLevel === 'advanced') {
          row.advancedSearches++;
          if (finding.approvedBy) row.advancedApproved++;
        }
        if (finding.type !== 'wildlife' || !isSeizure(data)) return;
        row.wildlifeSeizures++;
        const referral = input.wildlifeReferrals.get(wildlifeKey(data.portCode, data.recordId, index));
        if (!referral) return;
        row.wildlifeReferred++;
        if (!referral.routedAt) return;
        row.wildlifeReachedAgencies++;
        const hours = (Date.parse(referral.routedAt) - Date.parse(referral.createdAt)) / 3_600_000;
        if (hours <= input.slaHours) row.wildlifeWithinSla++;
      });
    }
    row.approvalShare = share(row.advancedApproved, row.advancedSearches);
    return row;
  });
  const sum = (key: keyof IntegrityRow) => rows.reduce((n, r) => n + (r[key] as number), 0);
  const advancedSearches = sum('advancedSearches');
  const advancedApproved = sum('advancedApproved');
  return {
    slaHours: input.slaHours,
    ports: rows.filter((r) => r.wildlifeSeizures + r.advancedSearches + r.rejectedRecords + r.conflictingRecords > 0),
    national: {
      wildlifeSeizures: sum('wildlifeSeizures'),
      wildlifeReferred: sum('wildlifeReferred'),
      wildlifeReachedAgencies: sum('wildlifeReachedAgencies'),
      wildlifeWithinSla: sum('wildlifeWithinSla'),
      advancedSearches,
      advancedApproved,
      approvalShare: share(advancedApproved, advancedSearches),
      rejectedRecords: sum('rejectedRecords'),
      conflictingRecords: sum('conflictingRecords'),
      topReasons: topReasons(input.ports.flatMap((p) => p.problems.reasons)),
    },
  };
}
