// What GET /compliance and GET /metrics read that changes rarely, kept per container under what would change it.
import type { ComplianceRow, Policy } from '../domain/policy.js';
import type { Surge } from '../domain/surges.js';
import { SharedValue, timeSlot } from '../shared/shared-value.js';

export interface ComplianceVersion {
  today: string;
  policyVersion: number;
  /** When the national figures of `today` were last computed: every metrics run ends by writing them. */
  metricsComputedAt: string | undefined;
}

/** How old the policy and the completed operations that GET /metrics shows may be, in another container. */
export const REFERENCE_DATA_MS = 30_000;

/** The compliance answer reads every active port's 28 days; it changes only with the day, the policy or a metrics run. */
export class ComplianceCache {
  private readonly value = new SharedValue<ComplianceRow[]>();

  rows(version: ComplianceVersion, compute: () => Promise<ComplianceRow[]>): Promise<ComplianceRow[]> {
    return this.value.get(`${version.today}|${version.policyVersion}|${version.metricsComputedAt ?? 'never'}`, compute);
  }
}

/** The policy and the completed surge operations beside each GET /metrics: at most REFERENCE_DATA_MS old. */
export class ReferenceData {
  private readonly policyValue = new SharedValue<{ policy: Policy; version: number }>();
  private readonly completedValue = new SharedValue<Surge[]>();

  constructor(private readonly now: () => number = Date.now) {}

  policy(read: () => Promise<{ policy: Policy; version: number }>) {
    return this.policyValue.get(timeSlot(REFERENCE_DATA_MS, this.now()), read);
  }

  completedSurges(read: () => Promise<Surge[]>) {
    return this.completedValue.get(timeSlot(REFERENCE_DATA_MS, this.now()), read);
  }

  /** After this container changed the policy, its next answer uses the new one. */
  policyChanged(): void {
    this.policyValue.forget();
  }
}
