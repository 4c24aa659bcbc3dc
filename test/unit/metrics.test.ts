import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspection } from '../../fixtures/records.js';
import {
  addFigures,
  type DailyFigures,
  dailyFigures,
  outcomesByPeriod,
  periodOf,
  rollUp,
  type StoredInspection,
  totalOver,
  ZERO,
} from '../../functions/domain/metrics.js';
import { complianceClass, complianceOf, DEFAULT_POLICY } from '../../functions/domain/policy.js';
import { schemaOf } from '../../functions/domain/records/schemas.js';

const stored = (
  overrides: Record<string, unknown>,
  receivedAt = '2026-11-02T18:00:00Z',
  flags: string[] = [],
): StoredInspection => {
  const data = schemaOf('inspections').parse(inspection(overrides));
  return { data, day: data.startedAt.slice(0, 10), receivedAt, flags };
};

describe('dailyFigures', () => {
  it('computes every figure of a hand-checked day', () => {
    const f = dailyFigures({
      inspections: [
        stored(
          {
            startedAt: '2026-11-02T10:00:00-06:00',
            staffMinutes: 30,
            disposition: 'seized',
            findings: [
              { type: 'currency', amountUsd: 48_000, declared: false },
              { type: 'firearm', count: 2 },
            ],
          },
          '2026-11-02T18:00:00Z',
          ['currency_reporting_violation'],
        ),
        stored({
          startedAt: '2026-11-02T11:00:00-06:00',
          staffMinutes: 20,
          disposition: 'arrested',
          findings: [
            { type: 'narcotic', substance: 'meth', kg: 1.25 },
            { type: 'ammunition', rounds: 100 },
          ],
        }),
        stored(
          {
            startedAt: '2026-11-02T12:00:00-06:00',
            staffMinutes: 10,
            disposition: 'warned',
            surgeId: 'op-1',
            capturedOffline: true,
            findings: [{ type: 'electronic_device', searchLevel: 'advanced' }],
          },
          '2026-11-02T20:00:00Z',
          ['device_search_without_approval'],
        ),
        stored({
          startedAt: '2026-11-02T13:00:00-06:00',
          staffMinutes: 5,
          disposition: 'seized',
          findings: [
            { type: 'wildlife', species: 'parrot', count: 3 },
            { type: 'explosive', kg: 0.5 },
          ],
        }),
      ],
      traffic: [
        {
          recordId: 't1',
          portCode: '2304',
          hourStart: '2026-11-02T10:00:00-06:00',
          mode: 'truck',
          exits: 30_000,
          source: 'lpr',
        },
        {
          recordId: 't2',
          portCode: '2304',
          hourStart: '2026-11-02T11:00:00-06:00',
          mode: 'bus',
          exits: 22_310,
          source: 'sensor',
        },
      ],
      staffing: [
        {
          recordId: 's1',
          portCode: '2304',
          date: '2026-11-02',
          shift: 'day',
          outboundHours: 12,
          divertedHours: 3,
          officers: 2,
        },
        {
          recordId: 's2',
          portCode: '2304',
          date: '2026-11-02',
          shift: 'night',
          outboundHours: 4,
          divertedHours: 1,
          officers: 1,
        },
      ],
      equipment: [
        {
          recordId: 'e1',
          portCode: '2304',
          observedAt: '2026-11-02T10:00:00-06:00',
          asset: 'network',
          status: 'down',
          minutesDown: 45,
        },
        {
          recordId: 'e2',
          portCode: '2304',
          observedAt: '2026-11-02T10:00:00-06:00',
          asset: 'xray',
          status: 'degraded',
          minutesDown: 15,
        },
      ],
      rejectedRecords: 1,
      conflictingRecords: 2,
    });
    expect(f).toEqual({
      ...ZERO,
      inspections: 4,
      inspectionDays: 1,
      exits: 52_310,
      seizures: 3,
      currencySeizedUsd: 48_000,
      firearms: 2,
      ammunitionRounds: 100,
      narcoticsKg: 1.25,
      explosivesKg: 0.5,
      wildlifeCount: 3,
      findings: 7,
      outboundStaffHours: 16,
      divertedHours: 4,
      inspectionStaffMinutes: 65,
      referralsOpened: 6,
      proceduralViolations: 1,
      currencyReportingViolations: 1,
      surgeInspections: 1,
      capturedOffline: 1,
      // started 16:00Z, 17:00Z, 18:00Z, 19:00Z; received 18:00Z, 18:00Z, 20:00Z, 18:00Z (clock skew counts as 0)
      uploadDelayMinutes: 120 + 60 + 120 + 0,
      equipmentObservations: 2,
      equipmentDownMinutes: 60,
      connectivityDownMinutes: 45,
      rejectedRecords: 1,
      conflictingRecords: 2,
    });
    const [day] = rollUp(new Map([['2026-11-02', f]]), { from: '2026-11-02', to: '2026-11-02' }, 'day', 95);
    expect(day).toMatchObject({
      period: '2026-11-02',
      inspectionsPer1000Exits: 0.08,
      hitRate: 0.75,
      staffCostUsd: 1520,
      seizedValuePerStaffHour: 3000,
      costPerSeizure: 506.67,
    });
  });
});

describe('periods', () => {
  it('names ISO weeks and months', () => {
    expect(periodOf('2026-11-02', 'week')).toBe('2026-W45');
    expect(periodOf('2026-11-08', 'week')).toBe('2026-W45');
    expect(periodOf('2026-11-09', 'week')).toBe('2026-W46');
    expect(periodOf('2027-01-01', 'week')).toBe('2026-W53');
    expect(periodOf('2025-12-29', 'week')).toBe('2026-W01');
    expect(periodOf('2026-11-30', 'month')).toBe('2026-11');
  });

  it('puts every period of the range in, with zeros where nothing happened', () => {
    const daily = new Map<string, DailyFigures>([['2026-11-03', { ...ZERO, inspections: 5, inspectionDays: 1 }]]);
    const days = rollUp(daily, { from: '2026-11-01', to: '2026-11-07' }, 'day', 95);
    expect(days.map((d) => d.period)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
    ]);
    expect(days.map((d) => d.inspections)).toEqual([0, 0, 5, 0, 0, 0, 0]);
    expect(days[0]).toMatchObject({ hitRate: null, inspectionsPer1000Exits: null, staffCostUsd: 0 });
    expect(
      rollUp(daily, { from: '2026-10-30', to: '2026-11-10' }, 'week', 95).map((w) => [w.period, w.inspections]),
    ).toEqual([
      ['2026-W44', 0],
      ['2026-W45', 5],
      ['2026-W46', 0],
    ]);
    expect(rollUp(daily, { from: '2026-10-30', to: '2026-11-10' }, 'month', 95).map((m) => m.period)).toEqual([
      '2026-10',
      '2026-11',
    ]);
  });

  it('equals a naive recount for any set of inspections over any days', () => {
    const arbitraryInspection = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      disposition: fc.constantFrom('cleared', 'seized', 'arrested', 'warned'),
      amount: fc.integer({ min: 1, max: 100_000 }),
      guns: fc.integer({ min: 1, max: 5 }),
      minutes: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryInspection, { maxLength: 60 }),
        fc.constantFrom('day', 'week', 'month'),
        (items, granularity) => {
          const records = items.map((item, i) =>
            stored({
              recordId: `p${i}`,
              startedAt: `2026-02-${String(item.day).padStart(2, '0')}T10:00:00-06:00`,
              disposition: item.disposition,
              staffMinutes: item.minutes,
              findings: [
                { type: 'currency', amountUsd: item.amount, declared: true },
                { type: 'firearm', count: item.guns },
              ],
            }),
          );
          const daily = new Map<string, DailyFigures>();
          for (const day of new Set(records.map((r) => r.day))) {
            daily.set(
              day,
              dailyFigures({
                inspections: records.filter((r) => r.day === day),
                traffic: [],
                staffing: [],
                equipment: [],
                rejectedRecords: 0,
                conflictingRecords: 0,
              }),
            );
          }
          const periods = rollUp(daily, { from: '2026-02-01', to: '2026-02-28' }, granularity, 95);
          const seized = items.filter((item) => item.disposition === 'seized' || item.disposition === 'arrested');
          expect(periods.reduce((n, p) => n + p.inspections, 0)).toBe(items.length);
          expect(periods.reduce((n, p) => n + p.seizures, 0)).toBe(seized.length);
          expect(periods.reduce((n, p) => n + p.currencySeizedUsd, 0)).toBe(
            seized.reduce((n, item) => n + item.amount, 0),
          );
          expect(periods.reduce((n, p) => n + p.firearms, 0)).toBe(seized.reduce((n, item) => n + item.guns, 0));
          expect(periods.reduce((n, p) => n + p.inspectionDays, 0)).toBe(new Set(items.map((item) => item.day)).size);
          const total = totalOver(daily, { from: '2026-02-01', to: '2026-02-28' }, 95);
          expect(total.inspectionStaffMinutes).toBe(items.reduce((n, item) => n + item.minutes, 0));
          expect(addFigures(ZERO, total).inspections).toBe(items.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('compliance', () => {
  const laredo = {
    code: '2304',
    name: 'Laredo',
    state: 'Texas',
    border: 'US-Mexico' as const,
    latitude: 0,
    longitude: 0,
    active: true,
  };
  const days = (list: string[]) => new Set(list);

  it('counts inspection days over the trailing 7 and 28 days against the border minimum or an override', () => {
    const row = complianceOf(
      laredo,
      DEFAULT_POLICY,
      days(['2026-11-22', '2026-11-21', '2026-11-20', '2026-11-19', '2026-11-18', '2026-11-10']),
      '2026-11-22',
      '2026-11-22',
    );
    expect(row).toMatchObject({
      minimumDaysPerWeek: 5,
      inspectionDays7: 5,
      inspectionDays28: 6,
      compliant7: true,
      compliant28: false,
      daysSinceLastInspection: 0,
    });
    const strict = complianceOf(
      laredo,
      { ...DEFAULT_POLICY, portOverrides: { '2304': 7 } },
      days(['2026-11-22']),
      '2026-11-22',
      '2026-11-22',
    );
    expect(strict).toMatchObject({ minimumDaysPerWeek: 7, compliant7: false });
    expect(complianceOf(laredo, DEFAULT_POLICY, days([]), null, '2026-11-22')).toMatchObject({
      lastInspectionDay: null,
      daysSinceLastInspection: null,
      compliant7: false,
    });
  });

  it("names a port's 28-day class: compliant, below its minimum, or with no inspection at all", () => {
    const recent = (n: number) =>
      days(Array.from({ length: n }, (_, i) => `2026-11-${String(22 - i).padStart(2, '0')}`));
    const classOf = (n: number) => complianceClass(complianceOf(laredo, DEFAULT_POLICY, recent(n), null, '2026-11-22'));
    expect([classOf(20), classOf(19), classOf(1), classOf(0)]).toEqual([
      'Compliant',
      'Below minimum',
      'Below minimum',
      'No inspection',
    ]);
  });
});

describe('outcomes', () => {
  it('counts referrals approved and accepted, their median time to decision and those past SLA, and surge lift, per period', () => {
    const now = new Date('2026-11-10T00:00:00Z');
    const outcomes = outcomesByPeriod(
      [
        { createdAt: '2026-11-02T10:00:00Z', status: 'ACCEPTED', decidedAt: '2026-11-02T12:00:00Z' },
        {
          createdAt: '2026-11-03T10:00:00Z',
          status: 'ROUTED',
          decidedAt: '2026-11-03T16:00:00Z',
          slaDueAt: '2026-11-06T16:00:00Z',
        },
        { createdAt: '2026-11-04T10:00:00Z', status: 'DECLINED', decidedAt: '2026-11-05T10:00:00Z' },
        { createdAt: '2026-11-05T10:00:00Z', status: 'PENDING_DECISION', slaDueAt: '2026-11-06T10:00:00Z' },
        { createdAt: '2026-11-05T11:00:00Z', status: 'PENDING_DECISION', slaDueAt: '2026-11-12T10:00:00Z' },
      ],
      [
        { start: '2026-11-03T06:00:00Z', status: 'COMPLETED', lift: 0.04 },
        { start: '2026-11-04T06:00:00Z', status: 'COMPLETED', lift: 0.02 },
        { start: '2026-11-04T06:00:00Z', status: 'CANCELLED', lift: null },
      ],
      'week',
      now,
    );
    expect(outcomes.get('2026-W45')).toEqual({
      referralsApproved: 2,
      referralsAccepted: 1,
      medianHoursToDecision: 6,
      referralsPastSla: 2,
      surgeOperations: 2,
      surgeLift: 0.03,
    });
  });
});
