// The configuration schema (zod/mini): a bad setting is named with zod's English message, a missing required one too.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/domain/errors.js';
import { loadConfig } from '../../functions/shared/config.js';

describe('loadConfig', () => {
  it('fills the defaults and reads numbers from strings', () => {
    const config = loadConfig(['RECORDS_TABLE'], { RECORDS_TABLE: 'records', SDK_MAX_ATTEMPTS: '9' });
    expect(config).toMatchObject({
      RECORDS_TABLE: 'records',
      SDK_MAX_ATTEMPTS: 9,
      AWS_REGION: 'us-east-1',
      MAIL_FROM: 'outbound-noreply@outbound.example.gov',
      REFERRAL_OUTBOX_GRACE_SECONDS: 120,
    });
  });

  it('names each bad setting with what is wrong (zod’s English messages, which zod/mini needs installed)', () => {
    const load = () =>
      loadConfig([], { SDK_MAX_ATTEMPTS: 'x', MAIL_FROM: 'nope', OUTBOUND_S3_ENDPOINT: 'no url', RECORDS_TABLE: '' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'invalid configuration: OUTBOUND_S3_ENDPOINT: Invalid URL; RECORDS_TABLE: Too small: expected string to have >=1 characters; MAIL_FROM: Invalid email address; SDK_MAX_ATTEMPTS: Invalid input: expected number, received NaN',
    );
    expect(() => loadConfig([], { SDK_MAX_ATTEMPTS: '21' })).toThrow(
      'SDK_MAX_ATTEMPTS: Too big: expected number to be <=20',
    );
  });

  it('names the settings the calling function needs and lacks', () => {
    expect(() => loadConfig(['RECORDS_TABLE', 'UPLOADS_BUCKET'], {})).toThrow(
      'missing configuration: RECORDS_TABLE, UPLOADS_BUCKET',
    );
  });
});
