import { describe, expect, it } from 'vitest';
import { SHIPPED_PORTS } from '../../functions/domain/port-data.js';
import {
  type Candidate,
  overlaps,
  requestProblems,
  selectPorts,
  surgeRequestSchema,
  surgeResults,
  weightOf,
} from '../../functions/domain/surges.js';

const active = SHIPPED_PORTS.filter((p) => p.active);
const plain = (code: string, overrides: Partial<Candidate> = {}): Candidate => ({
  port: active.find((p) => p.code === code) ?? (active[0] as Candidate['port']),
  belowMinimum: false,
  daysSinceLastInspection: 1,
  hitRate: null,
  ...overrides,
});
const candidates = active.map(
  (port) => ({ port, belowMinimum: false, daysSinceLastInspection: 1, hitRate: null }) as Candidate,
);

describe('selectPorts', () => {
  it('gives the same ports for the same seed, and records weights, reasons and draws', () => {
    const a = selectPorts(candidates, 5, 42);
    expect(selectPorts(candidates, 5, 42)).toEqual(a);
    expect(selectPorts(candidates, 5, 43).map((s) => s.portCode)).not.toEqual(a.map((s) => s.portCode));
    expect(a[0]).toMatchObject({ weight: 1, reasons: ['base weight'], draw: expect.any(Number) });
  });

  it('picks distinct ports, never an excluded or inactive one, and no more than there are', () => {
    const excluded = new Set(active.slice(0, 50).map((p) => p.code));
    for (let seed = 0; seed < 50; seed++) {
      const picked = selectPorts(candidates, 10, seed, excluded).map((s) => s.portCode);
      expect(new Set(picked).size).toBe(10);
      expect(picked.some((code) => excluded.has(code))).toBe(false);
    }
    const inactive = SHIPPED_PORTS.filter((p) => !p.active).map((port) => ({
      port,
      belowMinimum: true,
      daysSinceLastInspection: null,
      hitRate: 0.2,
    }));
    expect(selectPorts([...inactive, plain('2304')], 3, 1).map((s) => s.portCode)).toEqual(['2304']);
  });

  it('weights ports below minimum, long without inspection, or with a high hit rate, and says why', () => {
    expect(weightOf(plain('2304', { belowMinimum: true }))).toMatchObject({
      weight: 4,
      reasons: ['below its minimum inspection frequency'],
    });
    expect(weightOf(plain('2304', { daysSinceLastInspection: 30 })).reasons).toEqual([
      '30 days since its last outbound inspection',
    ]);
    expect(weightOf(plain('2304', { daysSinceLastInspection: null })).reasons).toEqual([
      'no outbound inspection on record',
    ]);
    expect(weightOf(plain('2304', { hitRate: 0.05 })).weight).toBe(3);
  });

  it('shifts selection frequencies the way the weights say, over many seeds', () => {
    const favoured = new Set(['2304', '2305', '2402']);
    const pool: Candidate[] = active
      .filter((port) => !favoured.has(port.code))
      .slice(0, 30)
      .map((port) => ({ port, belowMinimum: false, daysSinceLastInspection: 1, hitRate: null }));
    for (const code of favoured)
      pool.push({
        port: active.find((p) => p.code === code) as Candidate['port'],
        belowMinimum: true,
        daysSinceLastInspection: 1,
        hitRate: null,
      });
    const counts = new Map<string, number>();
    const runs = 3000;
    for (let seed = 0; seed < runs; seed++) {
      const [pick] = selectPorts(pool, 1, seed);
      if (pick) counts.set(pick.portCode, (counts.get(pick.portCode) ?? 0) + 1);
    }
    const total = pool.reduce((n, c) => n + weightOf(c).weight, 0);
    const favouredShare = [...favoured].reduce((n, code) => n + (counts.get(code) ?? 0), 0) / runs;
    expect(favouredShare).toBeGreaterThan((3 * 4) / total - 0.05);
    expect(favouredShare).toBeLessThan((3 * 4) / total + 0.05);
    const other = pool.find((c) => !favoured.has(c.port.code)) as Candidate;
    expect((counts.get(other.port.code) ?? 0) / runs).toBeLessThan(0.3 * favouredShare);
  });
});

describe('requests and results', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const base = {
    mode: 'random',
    count: 2,
    start: '2026-11-23T06:00:00-06:00',
    end: '2026-11-24T06:00:00-06:00',
    justification: 'currency couriers',
  } as const;

  it('refuses a window in the past, ending before it starts, or over 14 days, naming the field', () => {
    expect(requestProblems(surgeRequestSchema().parse(base), now)).toEqual([]);
    expect(
      requestProblems(surgeRequestSchema().parse({ ...base, start: '2026-11-22T05:00:00-06:00' }), now),
    ).toContainEqual({ field: 'start', message: 'start must be in the future' });
    expect(
      requestProblems(surgeRequestSchema().parse({ ...base, end: '2026-11-22T23:00:00-06:00' }), now),
    ).toContainEqual({ field: 'end', message: 'end must be after start' });
    expect(
      requestProblems(surgeRequestSchema().parse({ ...base, end: '2026-12-08T07:00:00-06:00' }), now),
    ).toContainEqual({ field: 'end', message: 'an operation lasts at most 14 days' });
    expect(
      requestProblems(surgeRequestSchema().parse({ ...base, mode: 'intelligence', count: undefined }), now),
    ).toContainEqual({ field: 'ports', message: 'an intelligence operation lists its ports' });
  });

  it('compares the window with its baseline', () => {
    expect(surgeResults({ inspections: 40, seizures: 4 }, { inspections: 200, seizures: 4 })).toEqual({
      inspections: 40,
      seizures: 4,
      hitRate: 0.1,
      baselineInspections: 200,
      baselineSeizures: 4,
      baselineHitRate: 0.02,
      lift: 0.08,
    });
    expect(surgeResults({ inspections: 3, seizures: 0 }, { inspections: 0, seizures: 0 }).lift).toBeNull();
    expect(
      overlaps(
        { start: '2026-11-23T00:00:00Z', end: '2026-11-24T00:00:00Z' },
        { start: '2026-11-23T12:00:00Z', end: '2026-11-25T00:00:00Z' },
      ),
    ).toBe(true);
    expect(
      overlaps(
        { start: '2026-11-23T00:00:00Z', end: '2026-11-24T00:00:00Z' },
        { start: '2026-11-24T00:00:00Z', end: '2026-11-25T00:00:00Z' },
      ),
    ).toBe(false);
  });
});
