import { describe, expect, it } from 'vitest';
import { canAccessPort, principalFromClaims, requirePort, requireRole } from '../../functions/domain/auth.js';
import { ForbiddenError, UnauthorizedError } from '../../functions/domain/errors.js';

describe('principalFromClaims', () => {
  it('reads the role and port from local or Cognito custom claims', () => {
    expect(principalFromClaims({ sub: 'u1', 'custom:role': 'officer', 'custom:port': '2304' })).toEqual({
      subject: 'u1',
      role: 'officer',
      port: '2304',
    });
    expect(principalFromClaims({ sub: 'u2', 'custom:role': 'hq', 'custom:port': '2304' })).toEqual({
      subject: 'u2',
      role: 'hq',
    });
  });

  it('reads the role from Cognito groups as API Gateway passes them', () => {
    expect(principalFromClaims({ sub: 'u3', 'cognito:groups': '[investigator]' }).role).toBe('investigator');
    expect(
      principalFromClaims({ sub: 'u4', 'cognito:groups': ['other', 'supervisor'], 'custom:port': '0103' }),
    ).toMatchObject({
      role: 'supervisor',
      port: '0103',
    });
  });

  it('refuses a missing token, an unknown role, and a port-scoped role without a port', () => {
    expect(() => principalFromClaims(undefined)).toThrow(UnauthorizedError);
    expect(() => principalFromClaims({})).toThrow(UnauthorizedError);
    expect(() => principalFromClaims({ sub: 'x', 'custom:role': 'admin' })).toThrow(ForbiddenError);
    expect(() => principalFromClaims({ sub: 'x', 'custom:role': 'officer' })).toThrow(ForbiddenError);
    expect(() => principalFromClaims({ sub: 'x', 'custom:role': 'officer', 'custom:port': '23' })).toThrow(
      ForbiddenError,
    );
  });
});

describe('port scope and roles', () => {
  const officer = { subject: 'o', role: 'officer' as const, port: '2304' };
  const hq = { subject: 'h', role: 'hq' as const };

  it('limits officers and supervisors to their port, not hq', () => {
    expect(canAccessPort(officer, '2304')).toBe(true);
    expect(canAccessPort(officer, '2305')).toBe(false);
    expect(canAccessPort(hq, '2305')).toBe(true);
    expect(() => requirePort(officer, '2305')).toThrow(/only on port 2304/);
  });

  it('checks the role list', () => {
    expect(() => requireRole(officer, ['hq'])).toThrow(ForbiddenError);
    expect(() => requireRole(hq, ['hq'])).not.toThrow();
  });
});
