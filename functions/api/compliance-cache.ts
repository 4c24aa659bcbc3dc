// GET /compliance reads every active port's 28 days of figures; the answer only changes when the metrics job runs,
// the policy changes or the day turns, so it is kept per container under exactly that key.
import type { ComplianceRow } from '../domain/policy.js';

export interface ComplianceVersion {
  today: string;
  policyVersion: number;
  /** When the national figures of `today` were last computed: every metrics run ends by writing them. */
  metricsComputedAt: string | undefined;
}

export class ComplianceCache {
  private entry: { key: string; rows: Promise<ComplianceRow[]> } | undefined;

  /** Requests arriving while the answer is computed share that one computation; a failed one is not kept. */
  rows(version: ComplianceVersion, compute: () => Promise<ComplianceRow[]>): Promise<ComplianceRow[]> {
    const key = `${version.today}|${version.policyVersion}|${version.metricsComputedAt ?? 'never'}`;
    if (this.entry?.key === key) return this.entry.rows;
    const entry = { key, rows: compute() };
    this.entry = entry;
    entry.rows.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return entry.rows;
  }
}
