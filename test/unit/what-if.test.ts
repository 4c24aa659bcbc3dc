import { describe, expect, it } from 'vitest';
import {
  addedDays,
  MIN_HISTORY_DAYS,
  type PortHistory,
  rateInterval,
  whatIf,
  whatIfWindow,
} from '../../functions/domain/analyses/what-if.js';
import { proposalSchema } from '../../functions/domain/analyses/what-if-proposal.js';
import { addDays } from '../../functions/domain/metrics.js';
import { DEFAULT_POLICY } from '../../functions/domain/policy.js';
import type { Port } from '../../functions/domain/ports.js';
import { seededRandom } from '../../functions/domain/random.js';

const TODAY = '2026-11-28';
const { from } = whatIfWindow(TODAY);
const port = (code: string, border: Port['border']) => ({ code, name: `Port ${code}`, border });
/** The first `perWeek` days of each of the 13 seven-day blocks. */
const days = (perWeek: number, weeks = 13) =>
  new Set([...Array(weeks).keys()].flatMap((w) => [...Array(perWeek).keys()].map((d) => addDays(from, w * 7 + d))));

function poisson(mean: number, random: () => number): number {
  // Knuth's method: fine for the small means of a port's seizures
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

describe('what-if', () => {
  it('validates a proposal: days 0–7, at least one border or port named', () => {
    expect(proposalSchema().safeParse({ minimumDaysPerWeek: { 'US-Canada': 2 } }).success).toBe(true);
    expect(proposalSchema().safeParse({ minimumDaysPerWeek: { 'US-Canada': 8 } }).success).toBe(false);
    expect(proposalSchema().safeParse({ minimumDaysPerWeek: { Mars: 2 } }).success).toBe(false);
    expect(proposalSchema().safeParse({}).success).toBe(false);
    expect(proposalSchema().safeParse({ portOverrides: { '2304': 3 } }).success).toBe(true);
  });

  it('adds the days each week fell short of the proposed minimum, beyond what the current one already asked', () => {
    expect(addedDays(days(1), from, 2)).toBe(13);
    expect(addedDays(days(3), from, 2)).toBe(0);
    expect(addedDays(new Set(), from, 2)).toBe(26);
    expect(addedDays(new Set(), from, 2, 1)).toBe(13);
    expect(addedDays(days(1, 6), from, 1)).toBe(7);
    expect(addedDays(days(1), from, 5, 5)).toBe(0);
  });

  it('gives the known answer: days, hours from the port or its border median, cost, expected seizures', () => {
    const ports: PortHistory[] = [
      // one day a week, 8 staff hours a day, 13 seizures in 13 days
      { port: port('3004', 'US-Canada'), inspectedDays: days(1), staffHours: 104, seizures: 13 },
      // two days a week, 5 hours a day
      { port: port('3009', 'US-Canada'), inspectedDays: days(2), staffHours: 130, seizures: 0 },
      // too little history: 3 inspection days, no staff hours
      {
        port: port('3010', 'US-Canada'),
        inspectedDays: new Set([from, addDays(from, 7), addDays(from, 14)]),
        staffHours: 0,
        seizures: 1,
      },
      { port: port('2304', 'US-Mexico'), inspectedDays: days(5), staffHours: 650, seizures: 20 },
    ];
    const estimate = whatIf({
      today: TODAY,
      policy: DEFAULT_POLICY,
      proposal: proposalSchema().parse({ minimumDaysPerWeek: { 'US-Canada': 2 } }),
      ports,
    });
    const row = (code: string) => estimate.ports.find((p) => p.portCode === code);
    expect(row('3004')).toMatchObject({
      currentMinimum: 1,
      proposedMinimum: 2,
      addedInspectionDays: 13,
      staffHoursPerInspectionDay: 8,
      hoursSource: 'port',
      addedStaffHours: 104,
      addedCostUsd: 104 * 95,
      expectedSeizures: 13.5,
      littleData: false,
    });
    const [low, high] = row('3004')?.interval ?? [0, 0];
    expect(low).toBeCloseTo(13 * rateInterval(13, 13, 1)[0], 1);
    expect(low).toBeGreaterThan(7);
    expect(high).toBeLessThan(22);
    expect(row('3009')).toMatchObject({
      addedInspectionDays: 0,
      addedCostUsd: 0,
      expectedSeizures: 0,
      interval: [0, 0],
    });
    // 3010: 3 days of history (< MIN_HISTORY_DAYS): hours from the border's median (3004: 8, 3009: 5 → 6.5);
    // one day a week beyond the current minimum of one, every week
    expect(row('3010')).toMatchObject({
      addedInspectionDays: 13,
      hoursSource: 'border median',
      staffHoursPerInspectionDay: 6.5,
      addedStaffHours: 84.5,
      littleData: true,
    });
    expect(row('2304')).toMatchObject({ proposedMinimum: 5, addedInspectionDays: 0 });
    expect(estimate.national).toMatchObject({ addedInspectionDays: 26, portsWithLittleData: 1 });
    expect(estimate.borders.find((b) => b.border === 'US-Canada')?.addedCostUsd).toBe(104 * 95 + 84.5 * 95);
    expect(MIN_HISTORY_DAYS).toBeGreaterThan(3);
  });

  it('covers the true expected seizures in about 90% of seeded runs', () => {
    const random = seededRandom(20261128);
    const rates = [0.05, 0.2, 0.5, 1.5];
    let covered = 0;
    let runs = 0;
    for (let run = 0; run < 400; run++) {
      for (const rate of rates) {
        const perWeek = 1 + (run % 3);
        const inspectedDays = days(perWeek);
        let seizures = 0;
        for (let d = 0; d < inspectedDays.size; d++) seizures += poisson(rate, random);
        const estimate = whatIf({
          today: TODAY,
          policy: DEFAULT_POLICY,
          proposal: proposalSchema().parse({ minimumDaysPerWeek: { 'US-Canada': 5 } }),
          ports: [{ port: port('3004', 'US-Canada'), inspectedDays, staffHours: 100, seizures }],
        });
        const row = estimate.ports[0];
        if (!row) throw new Error('no row');
        const truth = rate * row.addedInspectionDays;
        runs++;
        if (row.interval[0] <= truth && truth <= row.interval[1]) covered++;
      }
    }
    const coverage = covered / runs;
    expect(coverage).toBeGreaterThan(0.86);
    expect(coverage).toBeLessThan(0.95);
  });
});
