import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaOf } from '../../../functions/domain/records/schemas.js';
import { emptyFinding, KINDS } from '../../../web/field/forms/kinds.js';
import { checkRecord, errorsFromReasons } from '../../../web/field/forms/validation.js';
import { fieldInWords } from '../../../web/field/forms/words.js';

const context = {
  recordId: '6f1c2b1e-3d4a-4b5c-9d6e-7f8091a2b3c4',
  portCode: '2304',
  deviceId: 'HH-1a2b3c4d',
  officerId: 'officer-2304',
  capturedOffline: true,
};
const now = new Date('2026-11-28T17:40:00Z');
let tz: string | undefined;

beforeEach(() => {
  tz = process.env.TZ;
  process.env.TZ = 'America/Chicago';
});
afterEach(() => {
  process.env.TZ = tz;
});

describe('the capture forms', () => {
  it('say, field by field, what an empty inspection lacks, by the ingest schema', () => {
    const checked = checkRecord('inspections', KINDS.inspections.candidate(KINDS.inspections.empty(now), context));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toMatchObject({
      mode: 'is required',
      travelers: 'is required',
      staffMinutes: 'is required',
      disposition: 'is required',
      techniques: 'must name at least one technique',
    });
  });

  it('make an inspection with a currency seizure the ingest accepts, times in the local offset', () => {
    const values = {
      ...KINDS.inspections.empty(now),
      mode: 'personal_vehicle',
      techniques: ['interview', 'physical'],
      travelers: '2',
      staffMinutes: '40',
      disposition: 'seized',
      findings: [{ ...emptyFinding('currency'), amountUsd: '18500' }],
    };
    const checked = checkRecord('inspections', KINDS.inspections.candidate(values, context));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(schemaOf('inspections').parse(checked.data)).toMatchObject({
      startedAt: '2026-11-28T11:40:00-06:00',
      findings: [{ type: 'currency', amountUsd: 18500, declared: false }],
      capturedOffline: true,
    });
    expect(checked.data).not.toHaveProperty('endedAt');
    // a correction starts from the saved record and comes back to the same record
    const again = KINDS.inspections.candidate(KINDS.inspections.values(checked.data), context);
    expect(again).toEqual(checked.data);
  });

  it('check each finding type with its own amounts', () => {
    const values = {
      ...KINDS.inspections.empty(now),
      mode: 'truck',
      techniques: ['xray'],
      travelers: '1',
      staffMinutes: '5',
      disposition: 'seized',
      findings: [
        { ...emptyFinding('narcotic'), kg: '0' },
        { ...emptyFinding('wildlife'), count: '2' },
      ],
    };
    const checked = checkRecord('inspections', KINDS.inspections.candidate(values, context));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors['findings.0.kg']).toBe('must be greater than 0');
    expect(checked.errors['findings.0.substance']).toBe('is required');
    expect(checked.errors['findings.1.species']).toBe('is required');
  });

  it('make traffic, staffing and equipment records the ingest accepts (and nothing more: the schemas are strict)', () => {
    const traffic = { ...KINDS.traffic.empty(now), mode: 'truck', exits: '417' };
    const staffing = { ...KINDS.staffing.empty(now), shift: 'day', outboundHours: '7.5', officers: '3' };
    const equipment = { ...KINDS.equipment.empty(now), asset: 'xray', status: 'down', minutesDown: '20' };
    expect(checkRecord('traffic', KINDS.traffic.candidate(traffic, context))).toMatchObject({
      ok: true,
      data: { hourStart: '2026-11-28T11:00:00-06:00', exits: 417, source: 'manual' },
    });
    expect(checkRecord('staffing', KINDS.staffing.candidate(staffing, context))).toMatchObject({
      ok: true,
      data: { date: '2026-11-28', outboundHours: 7.5, divertedHours: 0 },
    });
    expect(checkRecord('equipment', KINDS.equipment.candidate(equipment, context))).toMatchObject({ ok: true });
  });

  it("put a receipt's reasons beside the fields, named as the forms name them", () => {
    expect(errorsFromReasons([{ field: 'startedAt', message: 'is in the future' }])).toEqual({
      startedAt: 'is in the future',
    });
    expect(fieldInWords('startedAt')).toBe('Started at');
    expect(fieldInWords('findings.0.amountUsd')).toBe('Finding 1 amountUsd');
  });
});
