// The program's metrics: daily figures per port computed from stored records, rolled up to weeks and months.
import { isSeizure } from './records/rules.js';
import type { Equipment, Inspection, Staffing, Traffic } from './records/schemas.js';

/** The scope of the national figures: the sum of every port's, kept beside each port's. */
export const NATIONAL = 'NATIONAL';

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Additive daily figures: every one sums across days and ports. */
export interface DailyFigures {
  inspections: number;
  inspectionDays: number;
  exits: number;
  seizures: number;
  currencySeizedUsd: number;
  firearms: number;
  ammunitionRounds: number;
  narcoticsKg: number;
  explosivesKg: number;
  wildlifeCount: number;
  findings: number;
  outboundStaffHours: number;
  divertedHours: number;
  inspectionStaffMinutes: number;
  referralsOpened: number;
  proceduralViolations: number;
  currencyReportingViolations: number;
  surgeInspections: number;
  capturedOffline: number;
  uploadDelayMinutes: number;
  equipmentObservations: number;
  equipmentOk: number;
  equipmentDownMinutes: number;
  connectivityDownMinutes: number;
  rejectedRecords: number;
  conflictingRecords: number;
}

export const ZERO: Readonly<DailyFigures> = Object.freeze({
  inspections: 0,
  inspectionDays: 0,
  exits: 0,
  seizures: 0,
  currencySeizedUsd: 0,
  firearms: 0,
  ammunitionRounds: 0,
  narcoticsKg: 0,
  explosivesKg: 0,
  wildlifeCount: 0,
  findings: 0,
  outboundStaffHours: 0,
  divertedHours: 0,
  inspectionStaffMinutes: 0,
  referralsOpened: 0,
  proceduralViolations: 0,
  currencyReportingViolations: 0,
  surgeInspections: 0,
  capturedOffline: 0,
  uploadDelayMinutes: 0,
  equipmentObservations: 0,
  equipmentOk: 0,
  equipmentDownMinutes: 0,
  connectivityDownMinutes: 0,
  rejectedRecords: 0,
  conflictingRecords: 0,
});

export interface StoredInspection {
  data: Inspection;
  day: string;
  receivedAt: string;
  flags: string[];
}

export interface DayInputs {
  inspections: readonly StoredInspection[];
  traffic: readonly Traffic[];
  staffing: readonly Staffing[];
  equipment: readonly Equipment[];
  /** Lines refused and conflicting records in the uploads processed that day. */
  rejectedRecords: number;
  conflictingRecords: number;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** Sums one port's records of one day into its figures. */
export function dailyFigures(inputs: DayInputs): DailyFigures {
  const f: DailyFigures = { ...ZERO };
  for (const { data, receivedAt, flags } of inputs.inspections) {
    f.inspections++;
    f.inspectionStaffMinutes += data.staffMinutes;
    f.findings += data.findings.length;
    if (data.surgeId) f.surgeInspections++;
    if (data.capturedOffline) f.capturedOffline++;
    f.uploadDelayMinutes += Math.max(0, (Date.parse(receivedAt) - Date.parse(data.startedAt)) / 60_000);
    if (flags.includes('device_search_without_approval')) f.proceduralViolations++;
    if (flags.includes('currency_reporting_violation')) f.currencyReportingViolations++;
    if (!isSeizure(data)) continue;
    f.seizures++;
    for (const finding of data.findings) {
      switch (finding.type) {
        case 'currency':
          f.currencySeizedUsd += finding.amountUsd;
          f.referralsOpened++;
          break;
        case 'firearm':
          f.firearms += finding.count;
          f.referralsOpened++;
          break;
        case 'ammunition':
          f.ammunitionRounds += finding.rounds;
          f.referralsOpened++;
          break;
        case 'explosive':
          f.explosivesKg += finding.kg;
          f.referralsOpened++;
          break;
        case 'narcotic':
          f.narcoticsKg += finding.kg;
          f.referralsOpened++;
          break;
        case 'wildlife':
          f.wildlifeCount += finding.count;
          f.referralsOpened++;
          break;
        case 'electronic_device':
          break;
      }
    }
  }
  f.inspectionDays = f.inspections > 0 ? 1 : 0;
  for (const t of inputs.traffic) f.exits += t.exits;
  for (const s of inputs.staffing) {
    f.outboundStaffHours += s.outboundHours;
    f.divertedHours += s.divertedHours;
  }
  for (const e of inputs.equipment) {
    f.equipmentObservations++;
    if (e.status === 'ok') f.equipmentOk++;
    f.equipmentDownMinutes += e.minutesDown;
    if (e.asset === 'network') f.connectivityDownMinutes += e.minutesDown;
  }
  f.rejectedRecords = inputs.rejectedRecords;
  f.conflictingRecords = inputs.conflictingRecords;
  f.uploadDelayMinutes = round(f.uploadDelayMinutes, 1);
  return f;
}

export function addFigures(a: DailyFigures, b: DailyFigures): DailyFigures {
  const sum = { ...a };
  for (const key of Object.keys(ZERO) as (keyof DailyFigures)[]) sum[key] = round(a[key] + b[key], 6);
  return sum;
}

/** The period a day belongs to: the day itself, its ISO week (2026-W45) or its month (2026-11). */
export function periodOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export interface PeriodFigures extends DailyFigures {
  period: string;
  inspectionsPer1000Exits: number | null;
  hitRate: number | null;
  staffCostUsd: number;
  seizedValuePerStaffHour: number | null;
  costPerSeizure: number | null;
  averageUploadDelayMinutes: number | null;
  /** Share of equipment observations that found the asset working. */
  equipmentAvailability: number | null;
}

export function derive(period: string, f: DailyFigures, staffHourCostUsd: number): PeriodFigures {
  const staffCostUsd = round(f.outboundStaffHours * staffHourCostUsd, 2);
  return {
    period,
    ...f,
    inspectionsPer1000Exits: f.exits > 0 ? round((f.inspections / f.exits) * 1000, 2) : null,
    hitRate: f.inspections > 0 ? round(f.seizures / f.inspections, 3) : null,
    staffCostUsd,
    seizedValuePerStaffHour: f.outboundStaffHours > 0 ? round(f.currencySeizedUsd / f.outboundStaffHours, 2) : null,
    costPerSeizure: f.seizures > 0 ? round(staffCostUsd / f.seizures, 2) : null,
    averageUploadDelayMinutes: f.inspections > 0 ? round(f.uploadDelayMinutes / f.inspections, 1) : null,
    equipmentAvailability: f.equipmentObservations > 0 ? round(f.equipmentOk / f.equipmentObservations, 3) : null,
  };
}

/** Rolls daily figures up into every period of the range, zeros where nothing happened. */
export function rollUp(
  daily: ReadonlyMap<string, DailyFigures>,
  range: { from: string; to: string },
  granularity: Granularity,
  staffHourCostUsd: number,
): PeriodFigures[] {
  const periods = new Map<string, DailyFigures>();
  for (const day of daysBetween(range.from, range.to)) {
    const period = periodOf(day, granularity);
    periods.set(period, addFigures(periods.get(period) ?? { ...ZERO }, daily.get(day) ?? ZERO));
  }
  return [...periods.entries()].map(([period, figures]) => derive(period, figures, staffHourCostUsd));
}

/** The figures of a whole range at once (e.g. one week ending on any day). */
export function totalOver(
  daily: ReadonlyMap<string, DailyFigures>,
  range: { from: string; to: string },
  staffHourCostUsd: number,
): PeriodFigures {
  let sum: DailyFigures = { ...ZERO };
  for (const day of daysBetween(range.from, range.to)) sum = addFigures(sum, daily.get(day) ?? ZERO);
  return derive(`${range.from}..${range.to}`, sum, staffHourCostUsd);
}

/** What a referral contributes to the metrics; its period is the day it was opened. */
export interface ReferralFacts {
  createdAt: string;
  status: string;
  decidedAt?: string;
  slaDueAt?: string;
}

/** What a surge operation contributes; its period is the day its window opened. */
export interface SurgeFacts {
  start: string;
  status: string;
  lift: number | null;
}

export interface OutcomeFigures {
  referralsApproved: number;
  referralsAccepted: number;
  medianHoursToDecision: number | null;
  referralsPastSla: number;
  surgeOperations: number;
  surgeLift: number | null;
}

const APPROVED = new Set(['APPROVED', 'ROUTED', 'ACCEPTED', 'AGENCY_DECLINED']);
const OPEN = new Set(['PENDING_DECISION', 'ROUTED']);

/** Referral and surge outcomes per period: counts, the median time to a decision, the average lift. */
export function outcomesByPeriod(
  referrals: readonly ReferralFacts[],
  surges: readonly SurgeFacts[],
  granularity: Granularity,
  now: Date,
): Map<string, OutcomeFigures> {
  const periods = new Map<
    string,
    { approved: number; accepted: number; hours: number[]; pastSla: number; surges: number; lifts: number[] }
  >();
  const at = (day: string) => {
    const key = periodOf(day, granularity);
    const entry = periods.get(key) ?? { approved: 0, accepted: 0, hours: [], pastSla: 0, surges: 0, lifts: [] };
    periods.set(key, entry);
    return entry;
  };
  for (const r of referrals) {
    const entry = at(r.createdAt.slice(0, 10));
    if (APPROVED.has(r.status)) entry.approved++;
    if (r.status === 'ACCEPTED') entry.accepted++;
    if (r.decidedAt) entry.hours.push((Date.parse(r.decidedAt) - Date.parse(r.createdAt)) / 3_600_000);
    if (OPEN.has(r.status) && r.slaDueAt && Date.parse(r.slaDueAt) < now.getTime()) entry.pastSla++;
  }
  for (const s of surges) {
    if (s.status !== 'COMPLETED') continue;
    const entry = at(s.start.slice(0, 10));
    entry.surges++;
    if (s.lift !== null) entry.lifts.push(s.lift);
  }
  const medianOf = (xs: number[]) => {
    if (xs.length === 0) return null;
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return round(
      sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2,
      2,
    );
  };
  return new Map(
    [...periods.entries()].map(([key, e]) => [
      key,
      {
        referralsApproved: e.approved,
        referralsAccepted: e.accepted,
        medianHoursToDecision: medianOf(e.hours),
        referralsPastSla: e.pastSla,
        surgeOperations: e.surges,
        surgeLift: e.lifts.length > 0 ? round(e.lifts.reduce((a, b) => a + b, 0) / e.lifts.length, 3) : null,
      },
    ]),
  );
}

export const NO_OUTCOMES: Readonly<OutcomeFigures> = Object.freeze({
  referralsApproved: 0,
  referralsAccepted: 0,
  medianHoursToDecision: null,
  referralsPastSla: 0,
  surgeOperations: 0,
  surgeLift: null,
});
