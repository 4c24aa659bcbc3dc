import { describe, expect, it } from 'vitest';
import {
  type CostBenefitAnalysis,
  costBenefit,
  type PortPeriodRecords,
  portFigures,
} from '../../functions/domain/analyses/cost-benefit.js';
import { costBenefitCsv, costBenefitHtml, infrastructureHtml } from '../../functions/domain/analyses/documents.js';
import { assess, assessPort, percentile } from '../../functions/domain/analyses/infrastructure.js';
import { integrity, wildlifeKey } from '../../functions/domain/analyses/integrity.js';
import {
  fiscalYearOf,
  lastCompleteMonth,
  lastCompleteQuarter,
  periodNamed,
  toDate,
  yearBefore,
} from '../../functions/domain/analyses/periods.js';
import type { StoredInspection } from '../../functions/domain/metrics.js';
import { DEFAULT_POLICY, type Policy, type PolicyVersion } from '../../functions/domain/policy.js';
import type { Port } from '../../functions/domain/ports.js';
import type { Equipment, Inspection, Staffing } from '../../functions/domain/records/schemas.js';

const port = (code: string, border: Port['border'], name = `Port ${code}`): Port => ({
  code,
  name,
  state: 'Texas',
  border,
  latitude: 27.5,
  longitude: -99.5,
  active: true,
});
const LAREDO = port('2304', 'US-Mexico', 'Laredo');
const NOGALES = port('2604', 'US-Mexico', 'Nogales');
const BLAINE = port('3004', 'US-Canada', 'Blaine');

let n = 0;
function stored(day: string, overrides: Partial<Inspection> = {}, receivedAt?: string): StoredInspection {
  const data: Inspection = {
    recordId: `r-${++n}`,
    portCode: overrides.portCode ?? '2304',
    deviceId: 'HH-1',
    officerId: 'O-1',
    startedAt: `${day}T10:00:00-06:00`,
    mode: 'personal_vehicle',
    techniques: ['interview'],
    travelers: 1,
    findings: [],
    disposition: 'cleared',
    staffMinutes: 30,
    capturedOffline: false,
    ...overrides,
  };
  return { data, day, receivedAt: receivedAt ?? `${day}T16:10:00Z`, flags: [] };
}
const shift = (date: string, outboundHours: number, divertedHours = 0, portCode = '2304'): Staffing => ({
  recordId: `s-${++n}`,
  portCode,
  date,
  shift: 'day',
  outboundHours,
  divertedHours,
  officers: 2,
});

const Q4 = periodNamed('2026-Q4') as NonNullable<ReturnType<typeof periodNamed>>;
const NO_CHANGES: PolicyVersion[] = [];

describe('periods', () => {
  it('names quarters, fiscal years and months, and the same days a year before', () => {
    expect(periodNamed('2026-Q3')).toEqual({ id: '2026-Q3', from: '2026-07-01', to: '2026-09-30' });
    expect(periodNamed('FY2026')).toEqual({ id: 'FY2026', from: '2025-10-01', to: '2026-09-30' });
    expect(periodNamed('2028-02')).toEqual({ id: '2028-02', from: '2028-02-01', to: '2028-02-29' });
    expect(periodNamed('2026-Q5')).toBeUndefined();
    expect(fiscalYearOf('2026-10-01')).toBe('FY2027');
    expect(fiscalYearOf('2026-09-30')).toBe('FY2026');
    expect(lastCompleteQuarter('2026-11-28')).toMatchObject({ id: '2026-Q3' });
    expect(lastCompleteQuarter('2026-01-02')).toMatchObject({ id: '2025-Q4', to: '2025-12-31' });
    expect(lastCompleteMonth('2026-01-01')).toMatchObject({ id: '2025-12' });
    expect(yearBefore(toDate(Q4, '2026-11-28'))).toMatchObject({ from: '2025-10-01', to: '2025-11-28' });
    expect(yearBefore({ id: 'x', from: '2028-02-29', to: '2028-02-29' })).toMatchObject({ from: '2027-02-28' });
  });
});

describe('cost-benefit figures', () => {
  const seizure = stored('2026-10-06', {
    disposition: 'seized',
    findings: [
      { type: 'currency', amountUsd: 48_000, declared: false },
      { type: 'firearm', count: 2 },
      { type: 'narcotic', substance: 'Cocaine', kg: 1.5 },
    ],
  });
  const laredo: PortPeriodRecords = {
    port: LAREDO,
    inspections: [seizure, stored('2026-10-06'), stored('2026-10-07'), stored('2025-10-07')],
    staffing: [shift('2026-10-06', 16, 4), shift('2026-10-07', 8), shift('2026-12-31', 100)],
  };

  it('counts inspections, port-days, staff hours and their cost, seizures by type, and the ratios', () => {
    const f = portFigures(laredo, Q4, NO_CHANGES);
    expect(f).toMatchObject({
      inspections: 3,
      inspectionDays: 2,
      staffHours: 124,
      divertedHours: 4,
      staffCostUsd: 124 * 95,
      seizures: 1,
      currencySeizedUsd: 48_000,
      costPerSeizureUsd: 124 * 95,
      currencySeizedPerStaffHour: Math.round((48_000 / 124) * 100) / 100,
      unpricedTypes: ['firearm', 'narcotic'],
      valuedSeizuresUsd: 0,
    });
    expect(f.byType.firearm).toEqual({ seizures: 1, quantity: 2, valueUsd: null });
    expect(f.byType.narcotic).toEqual({ seizures: 1, quantity: 1.5, valueUsd: null });
    expect(f.byType.currency).toEqual({ seizures: 1, quantity: 48_000, valueUsd: 48_000 });
    expect(f.byType.wildlife).toEqual({ seizures: 0, quantity: 0, valueUsd: null });
  });

  it('prices seizures only where the policy sets a valuation (by substance ahead of the general one)', () => {
    const valued: Policy = {
      ...DEFAULT_POLICY,
      valuations: { firearm: 1_200, narcotic: 10_000, narcoticBySubstance: { cocaine: 25_000 } },
    };
    const f = portFigures(laredo, Q4, [{ at: '2026-01-01T00:00:00Z', policy: valued }]);
    expect(f.byType.firearm.valueUsd).toBe(2_400);
    expect(f.byType.narcotic.valueUsd).toBe(37_500);
    expect(f.valuedSeizuresUsd).toBe(39_900);
    expect(f.unpricedTypes).toEqual([]);
  });

  it('leaves the ratios unknown for a port with no staff hours, and for a quarter with no seizures', () => {
    const noStaff = portFigures({ port: NOGALES, inspections: [seizure], staffing: [] }, Q4, NO_CHANGES);
    expect(noStaff).toMatchObject({ seizures: 1, staffHours: 0, staffCostUsd: 0 });
    expect(noStaff.costPerSeizureUsd).toBeNull();
    expect(noStaff.currencySeizedPerStaffHour).toBeNull();
    const quiet = portFigures(
      { port: BLAINE, inspections: [stored('2026-11-02')], staffing: [shift('2026-11-02', 6)] },
      Q4,
      NO_CHANGES,
    );
    expect(quiet).toMatchObject({ seizures: 0, costPerSeizureUsd: null, currencySeizedPerStaffHour: 0 });
    expect(quiet.unpricedTypes).toEqual([]);
    expect(Object.values(quiet.byType).every((line) => line.seizures === 0 && line.quantity === 0)).toBe(true);
  });

  it('uses the policy in force on each day for a port whose policy changed mid-period', () => {
    // 2304 needed 5 days a week until 2026-11-16, then 1; the staff hour cost rose from 95 to 100 the same day
    const timeline: PolicyVersion[] = [
      { at: '2026-09-01T12:00:00Z', policy: { ...DEFAULT_POLICY, portOverrides: { '2304': 5 } } },
      {
        at: '2026-11-16T09:00:00Z',
        policy: { ...DEFAULT_POLICY, staffHourCostUsd: 100, portOverrides: { '2304': 1 } },
      },
    ];
    const period = { id: 'two weeks', from: '2026-11-09', to: '2026-11-22' };
    const f = portFigures(
      {
        port: LAREDO,
        inspections: [stored('2026-11-10'), stored('2026-11-17')],
        staffing: [shift('2026-11-10', 10), shift('2026-11-17', 10)],
      },
      period,
      timeline,
    );
    expect(f.staffCostUsd).toBe(10 * 95 + 10 * 100);
    // week of 11-09: 1 day of 5 required (missed); week of 11-16: 1 day of 1 (met)
    expect(f).toMatchObject({ weeks: 2, weeksAtMinimum: 1 });
  });

  it('sums ports into borders and the nation, each against the same period a year before where records exist', () => {
    const analysis = costBenefit({
      period: toDate(Q4, '2026-11-28'),
      previousPeriod: yearBefore(toDate(Q4, '2026-11-28')),
      current: [laredo, { port: BLAINE, inspections: [stored('2026-11-02', { portCode: '3004' })], staffing: [] }],
      previous: [
        { port: LAREDO, inspections: laredo.inspections, staffing: [] },
        { port: BLAINE, inspections: [], staffing: [] },
      ],
      timeline: NO_CHANGES,
      policy: DEFAULT_POLICY,
      surges: [
        {
          surgeId: 'op-1',
          ports: ['2304'],
          start: '2026-10-06T08:00:00Z',
          end: '2026-10-06T20:00:00Z',
          results: { inspections: 2, seizures: 1, hitRate: 0.5, baselineHitRate: 0.1, lift: 0.4 },
        },
        { surgeId: 'op-old', ports: ['2304'], start: '2026-05-01T08:00:00Z', end: '2026-05-02T08:00:00Z' },
      ],
      generatedAt: '2026-11-28T00:00:00Z',
    });
    expect(analysis.national.current.inspections).toBe(4);
    expect(analysis.national.previous?.inspections).toBe(1);
    const mexico = analysis.borders.find((b) => b.scope === 'US-Mexico');
    expect(mexico?.current.inspections).toBe(3);
    expect(analysis.borders.find((b) => b.scope === 'US-Canada')?.previous).toBeNull();
    expect(analysis.ports.find((p) => p.scope === '3004')?.previous).toBeNull();
    expect(analysis.ports.find((p) => p.scope === '2304')?.previous?.inspections).toBe(1);
    expect(analysis.surges.map((s) => s.surgeId)).toEqual(['op-1']);
    expect(analysis.surges[0]).toMatchObject({ lift: 0.4, seizures: 1 });
    const csv = costBenefitCsv(analysis);
    expect(csv.split('\r\n')[1]).toMatch(/^NATIONAL,National,,2026-Q4,2026-10-01,2026-11-28,4,/);
  });

  it('escapes every value in the analysis HTML', () => {
    const analysis: CostBenefitAnalysis = costBenefit({
      period: Q4,
      previousPeriod: yearBefore(Q4),
      current: [
        { port: { ...LAREDO, name: '<script>alert(1)</script>' }, inspections: laredo.inspections, staffing: [] },
      ],
      previous: [],
      timeline: NO_CHANGES,
      policy: DEFAULT_POLICY,
      surges: [
        {
          surgeId: '<img src=x onerror=alert(1)>',
          ports: ['2304'],
          start: '2026-10-06T08:00:00Z',
          end: '2026-10-07T08:00:00Z',
        },
      ],
      generatedAt: '2026-11-28T00:00:00Z',
    });
    const html = costBenefitHtml(analysis, integrity({ ports: [], wildlifeReferrals: new Map(), slaHours: 24 }), [], {
      kind: 'page',
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; (2304)');
    expect(html).toContain('counted, not priced');
  });
});

describe('program integrity', () => {
  it('follows wildlife seizures to HSI and USFWS within the SLA, device-search approvals, and refused records', () => {
    const wildlife = (day: string) =>
      stored(day, { disposition: 'seized', findings: [{ type: 'wildlife', species: 'parrot', count: 3 }] });
    const fast = wildlife('2026-11-02');
    const slow = wildlife('2026-11-03');
    const unreferred = wildlife('2026-11-04');
    const searches = [
      stored('2026-11-02', { findings: [{ type: 'electronic_device', searchLevel: 'advanced', approvedBy: 'SUP-1' }] }),
      stored('2026-11-02', { findings: [{ type: 'electronic_device', searchLevel: 'advanced' }] }),
      stored('2026-11-02', { findings: [{ type: 'electronic_device', searchLevel: 'basic' }] }),
    ];
    const section = integrity({
      ports: [
        {
          port: LAREDO,
          inspections: [fast, slow, unreferred, ...searches],
          problems: {
            rejected: 3,
            conflicts: 1,
            reasons: ['startedAt: must be a date', 'startedAt: must be a date', 'mode: bad', 'conflict: x'],
          },
        },
        { port: BLAINE, inspections: [], problems: { rejected: 0, conflicts: 0, reasons: [] } },
      ],
      wildlifeReferrals: new Map([
        [
          wildlifeKey('2304', fast.data.recordId, 0),
          { referralId: 'a', status: 'ROUTED', createdAt: '2026-11-02T10:00:00Z', routedAt: '2026-11-02T20:00:00Z' },
        ],
        [
          wildlifeKey('2304', slow.data.recordId, 0),
          { referralId: 'b', status: 'ACCEPTED', createdAt: '2026-11-03T10:00:00Z', routedAt: '2026-11-05T10:00:00Z' },
        ],
      ]),
      slaHours: 24,
    });
    expect(section.ports).toHaveLength(1);
    expect(section.ports[0]).toMatchObject({
      wildlifeSeizures: 3,
      wildlifeReferred: 2,
      wildlifeReachedAgencies: 2,
      wildlifeWithinSla: 1,
      advancedSearches: 2,
      advancedApproved: 1,
      approvalShare: 0.5,
      rejectedRecords: 3,
      conflictingRecords: 1,
    });
    expect(section.ports[0]?.topReasons[0]).toEqual({ reason: 'startedAt: must be a date', count: 2 });
    expect(section.national).toMatchObject({ wildlifeSeizures: 3, wildlifeWithinSla: 1, approvalShare: 0.5 });
  });
});

describe('infrastructure and connectivity', () => {
  const equipment = (asset: Equipment['asset'], status: Equipment['status'], minutesDown = 0): Equipment => ({
    recordId: `e-${++n}`,
    portCode: '2304',
    observedAt: '2026-11-02T10:00:00-06:00',
    asset,
    status,
    minutesDown,
  });

  it('figures availability, outages, offline capture and upload delays per port', () => {
    const row = assessPort({
      port: LAREDO,
      equipment: [
        equipment('xray', 'ok'),
        equipment('xray', 'down', 120),
        equipment('xray', 'degraded', 30),
        equipment('xray', 'ok'),
        equipment('network', 'down', 240),
        equipment('network', 'ok'),
        equipment('handheld', 'ok'),
      ],
      inspections: [
        stored('2026-11-02', { capturedOffline: true }, '2026-11-02T17:00:00Z'),
        stored('2026-11-02', {}, '2026-11-02T16:30:00Z'),
        stored('2026-11-03', {}, '2026-11-04T16:00:00Z'),
        stored('2026-11-03', { capturedOffline: true }, '2026-11-03T18:00:00Z'),
      ],
      days: 30,
      minimumDaysPerWeek: 5,
    });
    expect(row.assets.find((a) => a.asset === 'xray')).toEqual({
      asset: 'xray',
      observations: 4,
      ok: 2,
      degraded: 1,
      down: 1,
      availability: 0.5,
      downMinutes: 150,
    });
    expect(row).toMatchObject({
      missing: ['lpr', 'nii'],
      connectivityOutages: 1,
      connectivityDownMinutes: 240,
      offlineShare: 0.5,
      inspectionDays: 2,
      requiredInspectionDays: 21,
    });
    // delays (startedAt 16:00Z): 60, 30, 1440, 120 minutes
    expect(row.uploadDelayMedianMinutes).toBe(90);
    expect(row.uploadDelayP95Minutes).toBe(1440);
    expect(row.reasons).toEqual([
      'network down 4 h in 1 outage reports',
      'x-ray working in 50% of checks',
      'no LPR, NII reported',
      '50% of inspections captured offline',
      '95% of inspections arrived within 24 h',
      'inspected on 2 of 21 required days',
    ]);
    expect(percentile([5, 1, 3], 50)).toBe(3);
  });

  it('ranks the ports whose technology most likely holds them back, and leaves out ports with nothing wrong', () => {
    const healthy = {
      port: BLAINE,
      equipment: ['xray', 'lpr', 'nii', 'network'].map((a) => equipment(a as Equipment['asset'], 'ok')),
      inspections: [stored('2026-11-02')],
      days: 30,
      minimumDaysPerWeek: 1,
    };
    const troubled = {
      port: LAREDO,
      equipment: [
        equipment('xray', 'down', 600),
        equipment('network', 'down', 1_800),
        equipment('lpr', 'ok'),
        equipment('nii', 'ok'),
      ],
      inspections: [stored('2026-11-02')],
      days: 30,
      minimumDaysPerWeek: 5,
    };
    const mild = {
      ...troubled,
      port: NOGALES,
      equipment: [equipment('network', 'degraded', 60), ...healthy.equipment],
    };
    const result = assess({
      period: { id: '2026-11', from: '2026-11-01', to: '2026-11-30' },
      ports: [healthy, mild, troubled],
      generatedAt: 'now',
    });
    expect(result.ranked.map((p) => p.portCode)).toEqual(['2304', '2604']);
    expect(result.ports.find((p) => p.portCode === '3004')?.problemScore).toBe(0);
    expect(result.national).toMatchObject({
      connectivityOutages: 2,
      connectivityDownMinutes: 1_860,
      portsReporting: 3,
    });
    const html = infrastructureHtml({ ...result, ranked: result.ranked.map((p) => ({ ...p, name: '<b>x</b>' })) }, [], {
      kind: 'email',
      cidOf: (c) => c,
    });
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt; (2304)');
    expect(html).not.toContain('<b>x</b>');
  });
});
