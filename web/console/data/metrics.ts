// The metrics area of the API: figures over time (national, by port, by border) and compliance with the policy.
import type { PeriodFigures } from '../../../functions/domain/metrics.js';
import type { ComplianceMapRow } from '../../../functions/domain/policy.js';
import type { Border } from '../../../functions/domain/ports.js';
import { apiFetch } from '../../shared/api.js';

export type Period = PeriodFigures & { referralsPastSla?: number };
export type ComplianceEntry = ComplianceMapRow;
export type Granularity = 'day' | 'week' | 'month';

export interface Range {
  from: string;
  to: string;
  granularity: Granularity;
}

function rangeQuery(range: Range): string {
  return `from=${range.from}&to=${range.to}&granularity=${range.granularity}`;
}

export async function metrics(range: Range, port?: string): Promise<Period[]> {
  const scope = port ? `port=${port}&` : '';
  return (await apiFetch<{ periods: Period[] }>(`/metrics?${scope}${rangeQuery(range)}`)).periods;
}

export async function metricsByBorder(
  range: Range,
): Promise<Array<{ border: Border; ports: number; periods: Period[] }>> {
  return (
    await apiFetch<{ borders: Array<{ border: Border; ports: number; periods: Period[] }> }>(
      `/metrics/borders?${rangeQuery(range)}`,
    )
  ).borders;
}

export async function compliance(): Promise<{ asOf: string; ports: ComplianceEntry[] }> {
  return apiFetch(`/compliance`);
}

/** The last `weeks` whole ISO weeks up to today, by week. */
export function trailingWeeks(weeks: number, today = new Date()): Range {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - (weeks * 7 - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to, granularity: 'week' };
}

const ADDITIVE = [
  'inspections',
  'inspectionDays',
  'exits',
  'seizures',
  'currencySeizedUsd',
  'firearms',
  'ammunitionRounds',
  'narcoticsKg',
  'outboundStaffHours',
  'staffCostUsd',
  'referralsPastSla',
] as const;

export type Totals = Record<(typeof ADDITIVE)[number], number> & {
  inspectionsPer1000Exits: number | null;
  hitRate: number | null;
  costPerSeizure: number | null;
};

/** The figures of a whole range, from its periods. */
export function totalsOf(periods: readonly Period[]): Totals {
  const sums = Object.fromEntries(ADDITIVE.map((key) => [key, 0])) as Record<(typeof ADDITIVE)[number], number>;
  for (const period of periods) for (const key of ADDITIVE) sums[key] += Number(period[key] ?? 0);
  return {
    ...sums,
    inspectionsPer1000Exits: sums.exits > 0 ? (sums.inspections / sums.exits) * 1000 : null,
    hitRate: sums.inspections > 0 ? sums.seizures / sums.inspections : null,
    costPerSeizure: sums.seizures > 0 ? sums.staffCostUsd / sums.seizures : null,
  };
}
