// What if the minimum frequency changed? Per port, the inspection days and staff hours a proposed minimum would have
// added over the last 13 weeks, their cost, and the seizures to expect from them with a 90% interval.
import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';
import { addDays } from '../metrics.js';
import type { Policy } from '../policy.js';
import { BORDERS, type Border, type Port } from '../ports.js';
import type { Proposal } from './what-if-proposal.js';

export const WHAT_IF_WEEKS = 13;
/** A port with fewer inspection days than this in the 13 weeks has too little history of its own. */
export const MIN_HISTORY_DAYS = 8;
export const INTERVAL = 0.9;

export interface PortHistory {
  port: Pick<Port, 'code' | 'name' | 'border'>;
  /** The local days in the 13 weeks on which the port inspected. */
  inspectedDays: ReadonlySet<string>;
  /** Outbound staff hours the port recorded in the 13 weeks. */
  staffHours: number;
  /** Seizures (inspections ending in a seizure or arrest) in the 13 weeks. */
  seizures: number;
}

export interface WhatIfRow {
  portCode: string;
  name: string;
  border: Border;
  currentMinimum: number;
  proposedMinimum: number;
  inspectionDays: number;
  addedInspectionDays: number;
  staffHoursPerInspectionDay: number | null;
  /** Where the hours per day come from: the port's own history, its border's median, or nowhere. */
  hoursSource: 'port' | 'border median' | 'none';
  addedStaffHours: number | null;
  addedCostUsd: number | null;
  seizuresPerInspectionDay: number | null;
  expectedSeizures: number;
  /** 90% interval on the expected seizures, from the Gamma posterior of the rate (Jeffreys prior). */
  interval: [number, number];
  /** The port's own history is too short (fewer than MIN_HISTORY_DAYS inspection days): its border's stands in. */
  littleData: boolean;
}

export interface WhatIfTotals {
  addedInspectionDays: number;
  addedStaffHours: number;
  addedCostUsd: number;
  expectedSeizures: number;
  portsWithLittleData: number;
}

export interface WhatIfEstimate {
  from: string;
  to: string;
  weeks: number;
  staffHourCostUsd: number;
  proposal: Proposal;
  ports: WhatIfRow[];
  borders: Array<WhatIfTotals & { border: Border }>;
  national: WhatIfTotals;
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export function minimumUnder(policy: Policy, proposal: Proposal, port: Pick<Port, 'code' | 'border'>): number {
  return (
    proposal.portOverrides[port.code] ??
    proposal.minimumDaysPerWeek[port.border] ??
    policy.portOverrides[port.code] ??
    policy.minimumDaysPerWeek[port.border]
  );
}

/** The 13 weeks before `today`: 91 days ending yesterday. */
export function whatIfWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -WHAT_IF_WEEKS * 7), to: addDays(today, -1) };
}

/**
 * Inspection days the proposed minimum would have added, week by week (seven-day blocks from `from`): the days it
 * asks for beyond both what the port did and what the current minimum already asked of it.
 */
export function addedDays(inspectedDays: ReadonlySet<string>, from: string, proposed: number, current = 0): number {
  let added = 0;
  for (let week = 0; week < WHAT_IF_WEEKS; week++) {
    let inspected = 0;
    for (let d = 0; d < 7; d++) if (inspectedDays.has(addDays(from, week * 7 + d))) inspected++;
    added += Math.max(0, proposed - Math.max(inspected, current));
  }
  return added;
}

/**
 * The 90% interval of `days` times a Poisson rate seen as `events` in `exposure` days: the Gamma posterior under
 * the Jeffreys prior (shape events + ½, rate exposure), whose equal-tailed interval covers the true rate close to
 * 90% of the time even for few events.
 */
export function rateInterval(events: number, exposure: number, days: number): [number, number] {
  const shape = events + 0.5;
  const tail = (1 - INTERVAL) / 2;
  return [days * gammaQuantile(tail, shape, exposure), days * gammaQuantile(1 - tail, shape, exposure)];
}

const medianOf = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export function whatIf(input: {
  today: string;
  policy: Policy;
  proposal: Proposal;
  ports: readonly PortHistory[];
}): WhatIfEstimate {
  const window = whatIfWindow(input.today);
  const enough = (h: PortHistory) => h.inspectedDays.size >= MIN_HISTORY_DAYS;
  const border = new Map(
    BORDERS.map((b) => {
      const histories = input.ports.filter((h) => h.port.border === b);
      const withHistory = histories.filter((h) => enough(h) && h.staffHours > 0);
      return [
        b,
        {
          hoursPerDay: medianOf(withHistory.map((h) => h.staffHours / h.inspectedDays.size)),
          seizures: histories.reduce((n, h) => n + h.seizures, 0),
          days: histories.reduce((n, h) => n + h.inspectedDays.size, 0),
        },
      ];
    }),
  );
  const rate = input.policy.staffHourCostUsd;
  const ports: WhatIfRow[] = input.ports.map((history) => {
    const { port } = history;
    const pooled = border.get(port.border) as { hoursPerDay: number | null; seizures: number; days: number };
    const own = enough(history);
    const current = minimumUnder(input.policy, { minimumDaysPerWeek: {}, portOverrides: {} }, port);
    const proposed = minimumUnder(input.policy, input.proposal, port);
    const added = addedDays(history.inspectedDays, window.from, proposed, current);
    const hoursPerDay =
      own && history.staffHours > 0 ? history.staffHours / history.inspectedDays.size : pooled.hoursPerDay;
    const hoursSource = own && history.staffHours > 0 ? 'port' : pooled.hoursPerDay === null ? 'none' : 'border median';
    // seizures per inspection day: the port's own, or its border's pooled where the port has no inspection day
    const [events, exposure] =
      history.inspectedDays.size > 0 ? [history.seizures, history.inspectedDays.size] : [pooled.seizures, pooled.days];
    const perDay = exposure > 0 ? (events + 0.5) / exposure : null;
    const interval: [number, number] = added > 0 && exposure > 0 ? rateInterval(events, exposure, added) : [0, 0];
    return {
      portCode: port.code,
      name: port.name,
      border: port.border,
      currentMinimum: current,
      proposedMinimum: proposed,
      inspectionDays: history.inspectedDays.size,
      addedInspectionDays: added,
      staffHoursPerInspectionDay: hoursPerDay === null ? null : round(hoursPerDay),
      hoursSource,
      addedStaffHours: hoursPerDay === null ? null : round(added * hoursPerDay),
      addedCostUsd: hoursPerDay === null ? null : round(added * hoursPerDay * rate),
      seizuresPerInspectionDay: perDay === null ? null : round(perDay, 4),
      expectedSeizures: perDay === null ? 0 : round(added * perDay),
      interval: [round(interval[0]), round(interval[1])],
      littleData: !own,
    };
  });
  const totals = (rows: WhatIfRow[]): WhatIfTotals => ({
    addedInspectionDays: rows.reduce((n, r) => n + r.addedInspectionDays, 0),
    addedStaffHours: round(rows.reduce((n, r) => n + (r.addedStaffHours ?? 0), 0)),
    addedCostUsd: round(rows.reduce((n, r) => n + (r.addedCostUsd ?? 0), 0)),
    expectedSeizures: round(rows.reduce((n, r) => n + r.expectedSeizures, 0)),
    portsWithLittleData: rows.filter((r) => r.littleData && r.addedInspectionDays > 0).length,
  });
  return {
    ...window,
    weeks: WHAT_IF_WEEKS,
    staffHourCostUsd: rate,
    proposal: input.proposal,
    ports: ports.sort((a, b) => b.addedInspectionDays - a.addedInspectionDays || a.portCode.localeCompare(b.portCode)),
    borders: BORDERS.map((b) => ({ border: b, ...totals(ports.filter((r) => r.border === b)) })),
    national: totals(ports),
  };
}
