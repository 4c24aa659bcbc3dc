// The program's policy: minimum outbound inspection days per week (per border, with port overrides) and the cost of a staff hour.
import * as z from 'zod/mini';
import { once } from './once.js';
import './zod-locale.js';
import { type BORDERS, type Port, portCodeString } from './ports.js';

/** A minimum of inspection days per week, as the policy and a what-if proposal take it (built where it is used). */
export function weekDaysSchema() {
  return z.int('must be a whole number of days').check(z.minimum(0, 'must be 0 to 7'), z.maximum(7, 'must be 0 to 7'));
}

/** Per-port minimums of inspection days per week, ahead of the border's. */
export function portOverridesSchema() {
  return z._default(z.record(portCodeString('port codes are 4 digits'), weekDaysSchema()), {});
}

/** Built on first use: by the first policy read or change, never by a function that handles neither. */
const policySchemas = once(() => {
  const usd = z.number().check(z.positive(), z.maximum(1_000_000_000));
  const optionalUsd = z.optional(usd);
  const weekDays = weekDaysSchema();

  const valuations = z.strictObject({
    /** USD per firearm. */
    firearm: optionalUsd,
    /** USD per round of ammunition. */
    ammunition: optionalUsd,
    /** USD per kilogram of explosives. */
    explosive: optionalUsd,
    /** USD per kilogram of narcotics, whatever the substance (see bySubstance). */
    narcotic: optionalUsd,
    /** USD per kilogram of a named substance (lower case), ahead of `narcotic`. */
    narcoticBySubstance: z.optional(
      z.record(z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(80)), usd),
    ),
    /** USD per wildlife specimen. */
    wildlife: optionalUsd,
  });
  const policy = z.strictObject({
    minimumDaysPerWeek: z.object({ 'US-Canada': weekDays, 'US-Mexico': weekDays }),
    portOverrides: portOverridesSchema(),
    staffHourCostUsd: z.number().check(z.positive(), z.maximum(10_000)),
    /** When the daily compliance check finds ports below minimum, schedule a random pulse among them. */
    autoPulse: z._default(z.boolean(), false),
    /** Values headquarters sets for seizures other than currency; a type without one is counted, not priced. */
    valuations: z.optional(valuations),
  });
  return { valuations, policy };
});
export const policySchema = () => policySchemas().policy;
export type Valuations = z.infer<ReturnType<typeof policySchemas>['valuations']>;
export type Policy = z.infer<ReturnType<typeof policySchema>>;

export const DEFAULT_POLICY: Policy = {
  minimumDaysPerWeek: { 'US-Canada': 1, 'US-Mexico': 5 },
  portOverrides: {},
  staffHourCostUsd: 95,
  autoPulse: false,
};

/** The policy in force on a day: the last version set on or before it (the defaults before the first change). */
export function policyOn(timeline: readonly PolicyVersion[], day: string): Policy {
  let current = DEFAULT_POLICY;
  for (const version of timeline) if (version.at.slice(0, 10) <= day) current = version.policy;
  return current;
}

export interface PolicyVersion {
  /** When this version took effect (ISO instant); the timeline is sorted by it. */
  at: string;
  policy: Policy;
}

export function minimumDaysPerWeek(policy: Policy, port: Pick<Port, 'code' | 'border'>): number {
  return policy.portOverrides[port.code] ?? policy.minimumDaysPerWeek[port.border];
}

export interface ComplianceRow {
  portCode: string;
  name: string;
  border: (typeof BORDERS)[number];
  minimumDaysPerWeek: number;
  inspectionDays7: number;
  inspectionDays28: number;
  compliant7: boolean;
  compliant28: boolean;
  lastInspectionDay: string | null;
  daysSinceLastInspection: number | null;
}

/** A port's standing over the trailing 28 days, as the national map colours it and GET /compliance names it. */
export const COMPLIANCE_CLASSES = ['Compliant', 'Below minimum', 'No inspection'] as const;
export type ComplianceClass = (typeof COMPLIANCE_CLASSES)[number];

export function complianceClass(row: Pick<ComplianceRow, 'inspectionDays28' | 'compliant28'>): ComplianceClass {
  if (row.inspectionDays28 === 0) return 'No inspection';
  return row.compliant28 ? 'Compliant' : 'Below minimum';
}

/** A compliance row as GET /compliance answers it: with where the port is, its traffic and its class. */
export interface ComplianceMapRow extends ComplianceRow {
  latitude: number | null;
  longitude: number | null;
  /** Exits over the trailing 28 days (the map sizes each port by them). */
  exits28: number;
  complianceClass: ComplianceClass;
}

/** A port's compliance on `today`, from the days it inspected (a set of local dates). */
export function complianceOf(
  port: Port,
  policy: Policy,
  inspectionDays: ReadonlySet<string>,
  lastInspectionDay: string | null,
  today: string,
): ComplianceRow {
  const minimum = minimumDaysPerWeek(policy, port);
  const count = (window: number) => {
    let n = 0;
    const end = Date.parse(`${today}T00:00:00Z`);
    for (let i = 0; i < window; i++)
      if (inspectionDays.has(new Date(end - i * 86_400_000).toISOString().slice(0, 10))) n++;
    return n;
  };
  const days7 = count(7);
  const days28 = count(28);
  return {
    portCode: port.code,
    name: port.name,
    border: port.border,
    minimumDaysPerWeek: minimum,
    inspectionDays7: days7,
    inspectionDays28: days28,
    compliant7: days7 >= minimum,
    compliant28: days28 >= minimum * 4,
    lastInspectionDay,
    daysSinceLastInspection: lastInspectionDay
      ? Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastInspectionDay}T00:00:00Z`)) / 86_400_000)
      : null,
  };
}
