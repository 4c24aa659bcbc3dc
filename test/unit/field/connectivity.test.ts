import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaOf } from '../../../functions/domain/records/schemas.js';
import { failedSendsRecord, noteFailure, outageRecord } from '../../../web/field/connectivity.js';
import { fromLocalInput, localIsoString } from '../../../web/field/local-time.js';

const ids = { recordId: 'n-1', portCode: '2304', deviceId: 'HH-1' };
let tz: string | undefined;

beforeEach(() => {
  tz = process.env.TZ;
  process.env.TZ = 'America/Chicago';
});
afterEach(() => {
  process.env.TZ = tz;
});

describe('local times', () => {
  it("carry the device's own offset", () => {
    expect(localIsoString(new Date('2026-11-01T20:05:09Z'))).toBe('2026-11-01T14:05:09-06:00');
    expect(localIsoString(new Date('2026-07-01T20:05:09Z'))).toBe('2026-07-01T15:05:09-05:00');
    expect(fromLocalInput('2026-11-01T14:05')).toBe('2026-11-01T14:05:00-06:00');
    expect(fromLocalInput('')).toBeUndefined();
  });
});

describe('connectivity records', () => {
  it('turn an outage into a valid equipment record with the minutes down', () => {
    const record = outageRecord({ since: '2026-11-01T20:00:00Z' }, new Date('2026-11-01T20:25:20Z'), ids);
    expect(schemaOf('equipment').parse(record)).toMatchObject({
      asset: 'network',
      status: 'down',
      minutesDown: 25,
      observedAt: '2026-11-01T14:00:00-06:00',
    });
    expect(record.note).toContain('from 14:00 to 14:25');
  });

  it('turn failed sends while online into one degraded record', () => {
    let failed = noteFailure(undefined, new Date('2026-11-01T20:00:00Z'), 'Failed to fetch');
    failed = noteFailure(failed, new Date('2026-11-01T20:03:00Z'), 'the server answered 503');
    const record = failedSendsRecord(failed, new Date('2026-11-01T20:10:00Z'), ids);
    expect(schemaOf('equipment').parse(record)).toMatchObject({ status: 'degraded', minutesDown: 10 });
    expect(record.note).toMatch(/^2 sends failed/);
    expect(record.note).toContain('the server answered 503');
  });
});
