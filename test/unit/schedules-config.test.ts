import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/domain/errors.js';
import { loadConfig } from '../../functions/shared/config.js';
import { toFiveFieldCron } from '../../functions/shared/schedules.js';

describe('toFiveFieldCron', () => {
  it('translates EventBridge expressions', () => {
    expect(toFiveFieldCron('cron(30 2 * * ? *)')).toBe('30 2 * * *');
    expect(toFiveFieldCron('cron(0 7 ? * MON *)')).toBe('0 7 * * MON');
    expect(toFiveFieldCron('cron(0 7 ? * 2 *)')).toBe('0 7 * * MON');
    expect(toFiveFieldCron('cron(0 6 ? * 1-5 *)')).toBe('0 6 * * SUN-THU');
  });

  it('gives croner the same next run as EventBridge would', () => {
    const next = new Cron(toFiveFieldCron('cron(0 7 ? * MON *)'), { timezone: 'UTC' }).nextRun(
      new Date('2026-11-22T12:00:00Z'),
    );
    expect(next?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
  });

  it('rejects what it cannot translate', () => {
    expect(() => toFiveFieldCron('rate(5 minutes)')).toThrow(/not an EventBridge cron/);
    expect(() => toFiveFieldCron('cron(0 7 ? * MON 2027)')).toThrow(/year/);
  });
});

describe('loadConfig', () => {
  it('validates once and names what is missing or wrong', () => {
    expect(loadConfig(['CONTROL_TABLE'], { CONTROL_TABLE: 't', AWS_REGION: 'eu-west-1' })).toMatchObject({
      CONTROL_TABLE: 't',
      AWS_REGION: 'eu-west-1',
      MAIL_FROM: 'outbound-noreply@outbound.example.gov',
    });
    expect(() => loadConfig(['CONTROL_TABLE'], {})).toThrow(new ConfigError('missing configuration: CONTROL_TABLE'));
    expect(() => loadConfig([], { OUTBOUND_S3_ENDPOINT: 'not a url' })).toThrow(/OUTBOUND_S3_ENDPOINT/);
  });
});
