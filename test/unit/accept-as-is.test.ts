// The fast path may only pass what zod accepts unchanged: everything it passes, zod accepts and returns equal.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EQUIPMENT, inspection, STAFFING, TRAFFIC } from '../../fixtures/records.js';
import { acceptedAsIs, loadFastPath } from '../../functions/domain/records/accept-as-is.js';
import type { RecordKind } from '../../functions/domain/records/kinds.js';
import { schemaOf } from '../../functions/domain/records/schemas.js';
import { validateRecord } from '../../functions/domain/records/validate.js';

const VALID: Record<RecordKind, Record<string, unknown>> = {
  inspections: inspection({
    recordId: 'i1',
    crossing: 'Bridge of the Americas',
    endedAt: '2026-11-20T10:12:00-06:00',
    techniques: ['interview', 'xray'],
    surgeId: 'surge-1',
    disposition: 'seized',
    findings: [
      { type: 'currency', amountUsd: 25_000, declared: false },
      { type: 'narcotic', substance: 'cocaine', kg: 1.5 },
      { type: 'electronic_device', searchLevel: 'advanced', approvedBy: 'SUP-2' },
    ],
  }),
  traffic: TRAFFIC,
  staffing: STAFFING,
  equipment: { ...EQUIPMENT, note: 'fibre cut' },
};
const KINDS = Object.keys(VALID) as RecordKind[];

/** Checks the fast path against zod for one value: what it passes, zod accepts and returns equal. */
function agreesWithZod(kind: RecordKind, value: unknown): boolean {
  const byZod = schemaOf(kind).safeParse(structuredClone(value));
  const input = structuredClone(value);
  const accepted = acceptedAsIs(kind, input);
  expect(input, 'the fast path leaves its input as it was').toEqual(value);
  if (!accepted) return false;
  expect(byZod.success, JSON.stringify(value)).toBe(true);
  expect(accepted).toEqual(byZod.data);
  return true;
}

const SPACES = [' ', '\t', '\n', '\u00a0', '\ufeff', '\u2003'];
const edgeString = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom('', ' ', 'a', '2304', '2026-11-20', '2026-11-20T10:00:00Z', '2026-02-30T10:00:00Z', 'interview'),
  fc.tuple(fc.constantFrom(...SPACES), fc.constantFrom('a', 'OFF-1', '2304')).map(([s, v]) => `${s}${v}`),
  fc.tuple(fc.constantFrom('a', 'OFF-1'), fc.constantFrom(...SPACES)).map(([v, s]) => `${v}${s}`),
  fc.integer({ min: 1, max: 130 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 30, max: 130 }).map((n) => 'x'.repeat(n)),
);
const edgeNumber = fc.constantFrom(-1, -0, 0, 0.5, 1, 2, 10_000, 10_001, 1e300, 2 ** 53, -(2 ** 53));
const edgeValue = fc.oneof(
  edgeString,
  edgeNumber,
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.constantFrom('interview', 'xray', 'k9', 'nope'), { maxLength: 4 }),
  fc.array(
    fc.dictionary(
      fc.constantFrom('type', 'amountUsd', 'declared', 'count', 'kg', 'substance', 'species', 'searchLevel', 'extra'),
      fc.oneof(
        fc.constantFrom('currency', 'firearm', 'narcotic', 'wildlife', 'electronic_device', 'basic', 'advanced'),
        edgeNumber,
        fc.boolean(),
        edgeString,
      ),
    ),
    { maxLength: 3 },
  ),
);

const REMOVED = Symbol('removed');

/** A valid record of `kind` with a few members replaced (undefined too, as a CSV row's empty cell gives), removed or added. */
const nearlyValid = (kind: RecordKind) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...Object.keys(VALID[kind]), 'findings', 'endedAt', 'crossing', 'note', 'unknownField'),
        fc.oneof(edgeValue, fc.constant(undefined), fc.constant(REMOVED)),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((changes) => {
      const record: Record<string, unknown> = structuredClone(VALID[kind]);
      for (const [key, value] of changes) {
        if (value === REMOVED) delete record[key];
        else record[key] = value;
      }
      return record;
    });

describe('record fast path', () => {
  beforeAll(loadFastPath);

  it('passes the usual valid records of every kind, filling the defaults as zod does', () => {
    for (const kind of KINDS) expect(agreesWithZod(kind, VALID[kind]), kind).toBe(true);
    const bare = inspection();
    delete bare.findings;
    delete bare.capturedOffline;
    expect(agreesWithZod('inspections', bare)).toBe(true);
  });

  it('passes nothing that zod would refuse or change, for any nearly valid record', () => {
    for (const kind of KINDS) {
      let passed = 0;
      fc.assert(
        fc.property(nearlyValid(kind), (record) => {
          if (agreesWithZod(kind, record)) passed++;
        }),
        { numRuns: 1500 },
      );
      // the property says something only if both answers happened
      expect(passed, kind).toBeGreaterThan(0);
      expect(passed, kind).toBeLessThan(1500);
    }
  });

  it('leaves to zod what zod would change or refuse, with the same outcome as before', () => {
    const context = { portCode: '2304', now: new Date('2026-11-22T18:00:00Z') };
    const padded = inspection({ officerId: ' OFF-1 ', crossing: 'Ysleta ' });
    expect(acceptedAsIs('inspections', padded)).toBeUndefined();
    expect(validateRecord('inspections', padded, context)).toMatchObject({
      ok: true,
      record: { data: { officerId: 'OFF-1', crossing: 'Ysleta' } },
    });
    const repeated = inspection({ techniques: ['xray', 'xray'] });
    expect(acceptedAsIs('inspections', repeated)).toBeUndefined();
    expect(validateRecord('inspections', repeated, context)).toEqual({
      ok: false,
      errors: [{ field: 'techniques', message: 'must not repeat a technique' }],
    });
    const backwards = inspection({ endedAt: '2026-11-20T09:00:00-06:00' });
    expect(acceptedAsIs('inspections', backwards)).toBeUndefined();
    expect(validateRecord('inspections', backwards, context)).toEqual({
      ok: false,
      errors: [{ field: 'endedAt', message: 'must not be before startedAt' }],
    });
    const stripped = inspection({ findings: [{ type: 'firearm', count: 1, colour: 'black' }] });
    expect(acceptedAsIs('inspections', stripped)).toBeUndefined();
    expect(validateRecord('inspections', stripped, context)).toMatchObject({
      ok: true,
      record: { data: { findings: [{ type: 'firearm', count: 1 }] } },
    });
  });
});
