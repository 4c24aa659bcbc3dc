// The cost-benefit analysis (the audit's first recommendation): what outbound inspections cost in staff time and what
// they seized, per port, per border and nationally, against the same period a year before.
import { daysBetween, periodOf, type StoredInspection } from '../metrics.js';
import { minimumDaysPerWeek, type Policy, type PolicyVersion, policyOn, type Valuations } from '../policy.js';
import type { Border, Port } from '../ports.js';
import { isSeizable, isSeizure, SEIZABLE, type SeizableType, seizedQuantity } from '../records/rules.js';
import type { Staffing } from '../records/schemas.js';
import type { SurgeOutcome, SurgeSummary } from '../surges.js';
import type { Period } from './periods.js';

export const SEIZURE_UNITS: Record<SeizableType, string> = {
  currency: 'USD',
  firearm: 'firearms',
  ammunition: 'rounds',
  explosive: 'kg',
  narcotic: 'kg',
  wildlife: 'specimens',
};

export interface SeizureLine {
  /** Seizures (inspections ending in a seizure or arrest) with at least one finding of this type. */
  seizures: number;
  quantity: number;
  /** Priced from the policy's valuations; null where headquarters set none (counted, not priced). */
  valueUsd: number | null;
}

export interface CostBenefitFigures {
  inspections: number;
  /** Days a port inspected, summed over ports (port-days). */
  inspectionDays: number;
  staffHours: number;
  staffCostUsd: number;
  divertedHours: number;
  seizures: number;
  byType: Record<SeizableType, SeizureLine>;
  currencySeizedUsd: number;
  /** Non-currency seizures priced by the policy's valuations. */
  valuedSeizuresUsd: number;
  /** Seizure types found in the period with no valuation in the policy. */
  unpricedTypes: SeizableType[];
  costPerSeizureUsd: number | null;
  currencySeizedPerStaffHour: number | null;
  /** Staff cost of the inspections made during surge operations (their officer-minutes at the loaded rate). */
  surgeInspections: number;
  surgeStaffCostUsd: number;
  /** ISO weeks (of those wholly or partly in the period, summed over ports) that met the minimum in force then. */
  weeks: number;
  weeksAtMinimum: number;
}

export interface PortPeriodRecords {
  port: Port;
  inspections: readonly StoredInspection[];
  staffing: readonly Staffing[];
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

function emptyLines(): Record<SeizableType, SeizureLine> {
  return Object.fromEntries(SEIZABLE.map((type) => [type, { seizures: 0, quantity: 0, valueUsd: null }])) as Record<
    SeizableType,
    SeizureLine
  >;
}

export function emptyFigures(): CostBenefitFigures {
  return {
    inspections: 0,
    inspectionDays: 0,
    staffHours: 0,
    staffCostUsd: 0,
    divertedHours: 0,
    seizures: 0,
    byType: emptyLines(),
    currencySeizedUsd: 0,
    valuedSeizuresUsd: 0,
    unpricedTypes: [],
    costPerSeizureUsd: null,
    currencySeizedPerStaffHour: null,
    surgeInspections: 0,
    surgeStaffCostUsd: 0,
    weeks: 0,
    weeksAtMinimum: 0,
  };
}

/** The value of a quantity of one seizure type under the valuations; null where none is set. */
export function seizedValue(
  type: Exclude<SeizableType, 'currency'>,
  quantity: number,
  valuations: Valuations | undefined,
  substance?: string,
): number | null {
  if (!valuations) return null;
  const bySubstance = substance ? valuations.narcoticBySubstance?.[substance.trim().toLowerCase()] : undefined;
  const unit = type === 'narcotic' ? (bySubstance ?? valuations.narcotic) : valuations[type];
  return unit === undefined ? null : quantity * unit;
}

/** One port's figures over a period; each day's staff hours and seized values use the policy in force that day. */
export function portFigures(
  records: PortPeriodRecords,
  period: Pick<Period, 'from' | 'to'>,
  timeline: readonly PolicyVersion[],
): CostBenefitFigures {
  const f = emptyFigures();
  const inPeriod = (day: string) => day >= period.from && day <= period.to;
  const inspectedDays = new Set<string>();
  const values: Partial<Record<SeizableType, { value: number; priced: boolean }>> = {};
  const addValue = (type: SeizableType, value: number | null) => {
    const entry = values[type] ?? { value: 0, priced: true };
    if (value === null) entry.priced = false;
    else entry.value += value;
    values[type] = entry;
  };
  for (const { data, day } of records.inspections) {
    if (!inPeriod(day)) continue;
    const policy = policyOn(timeline, day);
    f.inspections++;
    inspectedDays.add(day);
    if (data.surgeId) {
      f.surgeInspections++;
      f.surgeStaffCostUsd += (data.staffMinutes / 60) * policy.staffHourCostUsd;
    }
    if (!isSeizure(data)) continue;
    f.seizures++;
    const types = new Set<SeizableType>();
    for (const finding of data.findings) {
      if (!isSeizable(finding)) continue;
      const quantity = seizedQuantity(finding);
      f.byType[finding.type].quantity += quantity;
      if (finding.type === 'currency') f.currencySeizedUsd += quantity;
      else {
        const substance = finding.type === 'narcotic' ? finding.substance : undefined;
        addValue(finding.type, seizedValue(finding.type, quantity, policy.valuations, substance));
      }
      types.add(finding.type);
    }
    for (const type of types) f.byType[type].seizures++;
  }
  for (const shift of records.staffing) {
    if (!inPeriod(shift.date)) continue;
    f.staffHours += shift.outboundHours;
    f.divertedHours += shift.divertedHours;
    f.staffCostUsd += shift.outboundHours * policyOn(timeline, shift.date).staffHourCostUsd;
  }
  f.inspectionDays = inspectedDays.size;
  f.byType.currency.valueUsd = f.byType.currency.quantity;
  for (const type of SEIZABLE) {
    if (type === 'currency') continue;
    const entry = values[type];
    if (!entry) continue;
    f.byType[type].valueUsd = entry.priced ? round(entry.value) : null;
    if (entry.priced) f.valuedSeizuresUsd += entry.value;
    else f.unpricedTypes.push(type);
  }
  const weeks = weeksOf(period, inspectedDays, (day) => minimumDaysPerWeek(policyOn(timeline, day), records.port));
  f.weeks = weeks.weeks;
  f.weeksAtMinimum = weeks.atMinimum;
  return finish(f);
}

/** The ISO weeks touching the period, and those whose inspection days met the minimum in force at the week's end. */
function weeksOf(
  period: Pick<Period, 'from' | 'to'>,
  inspectedDays: ReadonlySet<string>,
  minimumOn: (day: string) => number,
): { weeks: number; atMinimum: number } {
  const weeks = new Map<string, { days: number; last: string }>();
  for (const day of daysBetween(period.from, period.to)) {
    const week = periodOf(day, 'week');
    const entry = weeks.get(week) ?? { days: 0, last: day };
    if (inspectedDays.has(day)) entry.days++;
    entry.last = day;
    weeks.set(week, entry);
  }
  let atMinimum = 0;
  for (const { days, last } of weeks.values()) if (days >= minimumOn(last)) atMinimum++;
  return { weeks: weeks.size, atMinimum };
}

function finish(f: CostBenefitFigures): CostBenefitFigures {
  f.staffHours = round(f.staffHours);
  f.divertedHours = round(f.divertedHours);
  f.staffCostUsd = round(f.staffCostUsd);
  f.currencySeizedUsd = round(f.currencySeizedUsd);
  f.valuedSeizuresUsd = round(f.valuedSeizuresUsd);
  f.surgeStaffCostUsd = round(f.surgeStaffCostUsd);
  for (const type of SEIZABLE) f.byType[type].quantity = round(f.byType[type].quantity, 3);
  // with no staff hours recorded the cost is unknown, not nil
  f.costPerSeizureUsd = f.seizures > 0 && f.staffHours > 0 ? round(f.staffCostUsd / f.seizures) : null;
  f.currencySeizedPerStaffHour = f.staffHours > 0 ? round(f.currencySeizedUsd / f.staffHours) : null;
  return f;
}

/** Sums figures of several ports (a border, the nation). */
export function sumFigures(list: readonly CostBenefitFigures[]): CostBenefitFigures {
  const f = emptyFigures();
  const unpriced = new Set<SeizableType>();
  for (const x of list) {
    for (const key of [
      'inspections',
      'inspectionDays',
      'staffHours',
      'staffCostUsd',
      'divertedHours',
      'seizures',
      'currencySeizedUsd',
      'valuedSeizuresUsd',
      'surgeInspections',
      'surgeStaffCostUsd',
      'weeks',
      'weeksAtMinimum',
    ] as const)
      f[key] += x[key];
    for (const type of SEIZABLE) {
      const line = f.byType[type];
      const add = x.byType[type];
      line.seizures += add.seizures;
      line.quantity += add.quantity;
      if (add.valueUsd !== null) line.valueUsd = (line.valueUsd ?? 0) + add.valueUsd;
    }
    for (const type of x.unpricedTypes) unpriced.add(type);
  }
  // a type priced at some ports and not at others cannot be given one value
  for (const type of unpriced) f.byType[type].valueUsd = null;
  f.unpricedTypes = SEIZABLE.filter((type) => unpriced.has(type));
  f.valuedSeizuresUsd = SEIZABLE.filter((t) => t !== 'currency').reduce(
    (sum, type) => sum + (f.byType[type].valueUsd ?? 0),
    0,
  );
  return finish(f);
}

export interface Compared {
  current: CostBenefitFigures;
  /** The same days a year before; null where no record of that period exists. */
  previous: CostBenefitFigures | null;
}

export interface CostBenefitRow extends Compared {
  scope: string;
  name: string;
  border?: Border;
}

/** An operation's line in the analysis: the weekly report's summary of it, with what its inspections cost. */
export interface SurgeCost extends SurgeSummary {
  staffHours: number;
  costUsd: number;
}

export interface CostBenefitAnalysis {
  period: Period;
  previousPeriod: Period;
  staffHourCostUsd: number;
  valuations: Valuations | undefined;
  national: CostBenefitRow;
  borders: CostBenefitRow[];
  ports: CostBenefitRow[];
  surges: SurgeCost[];
  generatedAt: string;
}

const hasData = (f: CostBenefitFigures) => f.inspections > 0 || f.staffHours > 0 || f.divertedHours > 0;

export interface SurgeInput extends Pick<SurgeSummary, 'surgeId' | 'ports' | 'start' | 'end'> {
  results?: SurgeOutcome;
}

/** The whole analysis from each port's records of the period and of the year before. */
export function costBenefit(input: {
  period: Period;
  previousPeriod: Period;
  current: readonly PortPeriodRecords[];
  previous: readonly PortPeriodRecords[];
  timeline: readonly PolicyVersion[];
  policy: Policy;
  surges: readonly SurgeInput[];
  generatedAt: string;
}): CostBenefitAnalysis {
  const previousByPort = new Map(input.previous.map((r) => [r.port.code, r]));
  const ports: CostBenefitRow[] = input.current.map((records) => {
    const before = previousByPort.get(records.port.code);
    const previous = before ? portFigures(before, input.previousPeriod, input.timeline) : null;
    return {
      scope: records.port.code,
      name: records.port.name,
      border: records.port.border,
      current: portFigures(records, input.period, input.timeline),
      previous: previous && hasData(previous) ? previous : null,
    };
  });
  const group = (scope: string, name: string, rows: CostBenefitRow[], border?: Border): CostBenefitRow => {
    const previous = sumFigures(rows.flatMap((r) => (r.previous ? [r.previous] : [])));
    return {
      scope,
      name,
      ...(border ? { border } : {}),
      current: sumFigures(rows.map((r) => r.current)),
      previous: hasData(previous) ? previous : null,
    };
  };
  const borders = (['US-Mexico', 'US-Canada'] as const).map((border) =>
    group(
      border,
      border,
      ports.filter((r) => r.border === border),
      border,
    ),
  );
  // surge inspections' officer-minutes, by operation, from the inspections that name it
  const surgeMinutes = new Map<string, { minutes: number; cost: number }>();
  for (const records of input.current)
    for (const { data, day } of records.inspections) {
      if (!data.surgeId || day < input.period.from || day > input.period.to) continue;
      const entry = surgeMinutes.get(data.surgeId) ?? { minutes: 0, cost: 0 };
      entry.minutes += data.staffMinutes;
      entry.cost += (data.staffMinutes / 60) * policyOn(input.timeline, day).staffHourCostUsd;
      surgeMinutes.set(data.surgeId, entry);
    }
  const surges: SurgeCost[] = input.surges
    .filter((s) => s.start.slice(0, 10) >= input.period.from && s.start.slice(0, 10) <= input.period.to)
    .map((s) => ({
      surgeId: s.surgeId,
      ports: s.ports,
      start: s.start,
      end: s.end,
      inspections: s.results?.inspections ?? 0,
      seizures: s.results?.seizures ?? 0,
      hitRate: s.results?.hitRate ?? null,
      baselineHitRate: s.results?.baselineHitRate ?? null,
      lift: s.results?.lift ?? null,
      staffHours: round((surgeMinutes.get(s.surgeId)?.minutes ?? 0) / 60),
      costUsd: round(surgeMinutes.get(s.surgeId)?.cost ?? 0),
    }));
  return {
    period: input.period,
    previousPeriod: input.previousPeriod,
    staffHourCostUsd: input.policy.staffHourCostUsd,
    valuations: input.policy.valuations,
    national: group('NATIONAL', 'National', ports),
    borders,
    ports: ports.sort((a, b) => b.current.inspections - a.current.inspections || a.scope.localeCompare(b.scope)),
    surges,
    generatedAt: input.generatedAt,
  };
}
