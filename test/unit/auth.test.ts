import { describe, expect, it } from 'vitest';
import { canAccessPort, principalFromClaims, requirePort, requireRole, servedAs } from '../../functions/domain/auth.js';
import { ForbiddenError, UnauthorizedError } from '../../functions/domain/errors.js';

describe('principalFromClaims: one rule for roles', () => {
  it('reads the role from custom:role, the port of officers and supervisors, the agency of investigators', () => {
    expect(principalFromClaims({ sub: 'u1', 'custom:role': 'officer', 'custom:port': '2304' })).toEqual({
      subject: 'u1',
      role: 'officer',
      port: '2304',
    });
    expect(principalFromClaims({ sub: 'u2', 'custom:role': 'hq' })).toEqual({ subject: 'u2', role: 'hq' });
    expect(principalFromClaims({ sub: 'u3', 'custom:role': 'investigator', 'custom:agency': 'USFWS' })).toEqual({
      subject: 'u3',
      role: 'investigator',
      agency: 'USFWS',
    });
  });

  it('accepts Cognito groups, as API Gateway passes them, only when they name the same role', () => {
    expect(
      principalFromClaims({
        sub: 'u4',
        'custom:role': 'investigator',
        'custom:agency': 'HSI',
        'cognito:groups': '[investigator]',
      }).role,
    ).toBe('investigator');
    expect(
      principalFromClaims({
        sub: 'u5',
        'custom:role': 'supervisor',
        'cognito:groups': ['supervisor'],
        'custom:port': '0103',
      }),
    ).toMatchObject({ role: 'supervisor', port: '0103' });
  });

  it('refuses a token whose group and role disagree, whichever way round', () => {
    const disagree = [
      { sub: 'x', 'custom:role': 'officer', 'custom:port': '2304', 'cognito:groups': ['hq'] },
      { sub: 'x', 'custom:role': 'hq', 'cognito:groups': '[hq officer]' },
      { sub: 'x', 'custom:role': 'hq', 'cognito:groups': ['admin'] },
      // a group alone no longer makes a role: the attribute is the one source, the groups only confirm it
      { sub: 'x', 'cognito:groups': '[hq]' },
    ];
    for (const claims of disagree)
      expect(() => principalFromClaims(claims), JSON.stringify(claims)).toThrow(ForbiddenError);
  });

  it('refuses a missing token, an unknown role, and a role without its scope or with another role’s scope', () => {
    expect(() => principalFromClaims(undefined)).toThrow(UnauthorizedError);
    expect(() => principalFromClaims({})).toThrow(UnauthorizedError);
    const refused = [
      { sub: 'x', 'custom:role': 'admin' },
      { sub: 'x', 'custom:role': 'officer' },
      { sub: 'x', 'custom:role': 'officer', 'custom:port': '23' },
      { sub: 'x', 'custom:role': 'investigator' },
      { sub: 'x', 'custom:role': 'investigator', 'custom:agency': 'FBI' },
      { sub: 'x', 'custom:role': 'investigator', 'custom:agency': 'HSI', 'custom:port': '2304' },
      { sub: 'x', 'custom:role': 'hq', 'custom:port': '2304' },
      { sub: 'x', 'custom:role': 'hq', 'custom:agency': 'HSI' },
      { sub: 'x', 'custom:role': 'supervisor', 'custom:port': '2304', 'custom:agency': 'HSI' },
    ];
    for (const claims of refused)
      expect(() => principalFromClaims(claims), JSON.stringify(claims)).toThrow(ForbiddenError);
  });

  it('names the role a request is served under, or none when the token is refused', () => {
    expect(servedAs({ sub: 'h', 'custom:role': 'hq' })?.role).toBe('hq');
    expect(servedAs({ sub: 'h', 'cognito:groups': '[hq]' })).toBeNull();
    expect(servedAs({ sub: 'h', 'custom:role': 'admin' })).toBeNull();
    expect(servedAs(undefined)).toBeNull();
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
