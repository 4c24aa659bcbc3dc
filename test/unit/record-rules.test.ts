import { describe, expect, it } from 'vitest';
import { EQUIPMENT, inspection, STAFFING, TRAFFIC } from '../../fixtures/records.js';
import { flagsOf, isSeizable, referralRequestsOf, seizedQuantity } from '../../functions/domain/records/rules.js';
import { schemaOf } from '../../functions/domain/records/schemas.js';
import { validateRecord } from '../../functions/domain/records/validate.js';
import { NOW } from '../support/fakes.js';

const context = { portCode: '2304', now: NOW };
const valid = (overrides: Record<string, unknown>) => schemaOf('inspections').parse(inspection(overrides));

function fieldsOf(kind: Parameters<typeof validateRecord>[0], raw: unknown): string[] {
  const result = validateRecord(kind, raw, context);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('inspection schema', () => {
  it('accepts a complete record and fills defaults', () => {
    const result = validateRecord(
      'inspections',
      inspection({ findings: undefined, capturedOffline: undefined }),
      context,
    );
    expect(result.ok).toBe(true);
    if (result.ok && result.record.kind === 'inspections') {
      expect(result.record.data.findings).toEqual([]);
      expect(result.record.data.capturedOffline).toBe(false);
    }
  });

  it.each([
    ['recordId', { recordId: undefined }],
    ['recordId', { recordId: 'has space' }],
    ['portCode', { portCode: '23' }],
    ['deviceId', { deviceId: '' }],
    ['officerId', { officerId: undefined }],
    ['startedAt', { startedAt: '2026-11-20T10:00:00' }],
    ['startedAt', { startedAt: '20/11/2026' }],
    ['endedAt', { endedAt: '2026-11-20T09:00:00-06:00' }],
    ['mode', { mode: 'boat' }],
    ['techniques', { techniques: [] }],
    ['techniques.0', { techniques: ['telepathy'] }],
    ['techniques', { techniques: ['xray', 'xray'] }],
    ['travelers', { travelers: -1 }],
    ['travelers', { travelers: 1.5 }],
    ['disposition', { disposition: 'ignored' }],
    ['staffMinutes', { staffMinutes: '10' }],
    ['capturedOffline', { capturedOffline: 'yes' }],
    ['surgeId', { surgeId: '' }],
    ['extra', { extra: 1 }],
  ])('names %s when it is wrong', (field, overrides) => {
    expect(fieldsOf('inspections', inspection(overrides))).toContain(field);
  });

  it.each([
    ['findings.0.amountUsd', { type: 'currency', amountUsd: 0, declared: false }],
    ['findings.0.declared', { type: 'currency', amountUsd: 10 }],
    ['findings.0.count', { type: 'firearm', count: 0 }],
    ['findings.0.rounds', { type: 'ammunition', rounds: 0 }],
    ['findings.0.kg', { type: 'explosive', kg: -1 }],
    ['findings.0.substance', { type: 'narcotic', kg: 1 }],
    ['findings.0.species', { type: 'wildlife', count: 2 }],
    ['findings.0.searchLevel', { type: 'electronic_device', searchLevel: 'deep' }],
    ['findings.0.type', { type: 'gold', kg: 1 }],
  ])('names %s in a bad finding', (field, finding) => {
    expect(fieldsOf('inspections', inspection({ findings: [finding] }))).toContain(field);
  });

  it('refuses a port other than the upload key, and a start in the future beyond five minutes of skew', () => {
    expect(fieldsOf('inspections', inspection({ portCode: '2305' }))).toEqual(['portCode']);
    expect(fieldsOf('inspections', inspection({ startedAt: '2026-11-22T18:04:00Z' }))).toEqual([]);
    expect(fieldsOf('inspections', inspection({ startedAt: '2026-11-22T18:06:00Z' }))).toEqual(['startedAt']);
  });

  it('says "is required" for a missing field and refuses what is not an object', () => {
    const result = validateRecord('inspections', inspection({ officerId: undefined }), context);
    expect(result.ok ? [] : result.errors).toContainEqual({ field: 'officerId', message: 'is required' });
    expect(validateRecord('inspections', [1, 2], context)).toEqual({
      ok: false,
      errors: [{ field: '(record)', message: 'must be a JSON object' }],
    });
  });
});

describe('traffic, staffing and equipment schemas', () => {
  const [traffic, staffing, equipment] = [TRAFFIC, STAFFING, EQUIPMENT];

  it('accepts valid records', () => {
    expect(validateRecord('traffic', traffic, context).ok).toBe(true);
    expect(validateRecord('staffing', staffing, context).ok).toBe(true);
    expect(validateRecord('equipment', equipment, context).ok).toBe(true);
  });

  it('names the wrong fields', () => {
    expect(fieldsOf('traffic', { ...traffic, exits: -3, source: 'guess' })).toEqual(['exits', 'source']);
    expect(fieldsOf('staffing', { ...staffing, date: '2026-13-01', officers: 1.5 })).toEqual(['date', 'officers']);
    expect(fieldsOf('staffing', { ...staffing, date: '2026-11-25' })).toEqual(['date']);
    expect(fieldsOf('equipment', { ...equipment, asset: 'radio', status: 'broken' })).toEqual(['asset', 'status']);
  });
});

describe('program rules', () => {
  it('measures each seizable finding in its own unit, and counts no device search as a seizure', () => {
    const record = valid({
      findings: [
        { type: 'currency', amountUsd: 12_500, declared: false },
        { type: 'firearm', count: 2 },
        { type: 'ammunition', rounds: 150 },
        { type: 'explosive', kg: 0.4 },
        { type: 'narcotic', substance: 'cocaine', kg: 1.5 },
        { type: 'wildlife', species: 'parrot', count: 3 },
        { type: 'electronic_device', searchLevel: 'basic' },
      ],
    });
    expect(record.findings.map((finding) => (isSeizable(finding) ? seizedQuantity(finding) : null))).toEqual([
      12_500,
      2,
      150,
      0.4,
      1.5,
      3,
      null,
    ]);
  });

  it('flags undeclared currency strictly over $10,000 only', () => {
    const currency = (amountUsd: number, declared: boolean) =>
      flagsOf(valid({ findings: [{ type: 'currency', amountUsd, declared }] }));
    expect(currency(10_000, false)).toEqual([]);
    expect(currency(10_000.01, false)).toEqual(['currency_reporting_violation']);
    expect(currency(50_000, true)).toEqual([]);
  });

  it('flags an advanced device search without approval, but not a basic or approved one', () => {
    const device = (finding: Record<string, unknown>) =>
      flagsOf(valid({ findings: [{ type: 'electronic_device', ...finding }] }));
    expect(device({ searchLevel: 'advanced' })).toEqual(['device_search_without_approval']);
    expect(device({ searchLevel: 'advanced', approvedBy: 'SUP-1' })).toEqual([]);
    expect(device({ searchLevel: 'basic' })).toEqual([]);
  });

  it('opens one referral per seizable finding of a seizure or arrest, with the agencies each needs', () => {
    const findings = [
      { type: 'currency', amountUsd: 48_000, declared: false },
      { type: 'electronic_device', searchLevel: 'basic' },
      { type: 'wildlife', species: 'Testudo graeca', count: 3 },
      { type: 'firearm', count: 2 },
    ];
    const requests = referralRequestsOf(valid({ recordId: 'seize-1', disposition: 'seized', findings }));
    expect(requests.map((r) => [r.referralId, r.findingType, r.agencies])).toEqual([
      ['2304-seize-1-0', 'currency', ['HSI', 'FinCEN']],
      ['2304-seize-1-2', 'wildlife', ['HSI', 'USFWS']],
      ['2304-seize-1-3', 'firearm', ['HSI']],
    ]);
    expect(
      referralRequestsOf(
        valid({ disposition: 'arrested', findings: [{ type: 'narcotic', substance: 'fentanyl', kg: 1 }] }),
      ),
    ).toHaveLength(1);
    expect(referralRequestsOf(valid({ disposition: 'warned', findings }))).toEqual([]);
  });
});
