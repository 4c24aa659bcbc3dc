// Local stand-in for the Cognito user pool: HS256 tokens signed with a secret kept under .outbound/.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Agency, Role } from '../functions/domain/auth.js';
import { UnauthorizedError } from '../functions/domain/errors.js';

export const LOCAL_ISSUER = 'outbound-local';
export const LOCAL_AUDIENCE = 'outbound';

/** The signing secret of this local cloud, created on first use (never committed: it lives under .outbound/). */
export function localSecret(home: string): Uint8Array {
  const file = join(home, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

export interface TokenRequest {
  role: Role;
  port?: string;
  /** An investigator's agency (`custom:agency`). */
  agency?: Agency;
  subject?: string;
  email?: string;
  ttlSeconds?: number;
}

export async function mintToken(secret: Uint8Array, request: TokenRequest): Promise<string> {
  const claims: Record<string, string> = { 'custom:role': request.role };
  if (request.port) claims['custom:port'] = request.port;
  if (request.agency) claims['custom:agency'] = request.agency;
  if (request.email) claims.email = request.email;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject ?? [request.role, request.port, request.agency].filter(Boolean).join('-'))
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(secret);
}

/** Verifies a bearer token as API Gateway's JWT authorizer would, returning its claims. */
export async function verifyToken(secret: Uint8Array, token: string): Promise<Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      requiredClaims: ['sub', 'exp'],
    });
    return payload as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof errors.JWTExpired ? 'the token has expired' : 'the token is not valid';
    throw new UnauthorizedError(reason);
  }
}
