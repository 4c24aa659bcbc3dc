// Local stand-in for the Cognito user pool's keys: one RS256 key kept under .outbound/, used by the local OIDC
// provider to sign the tokens of the people who sign in and by `outbound token` to mint tokens for scripts; the
// local API verifies both through the provider's JWKS, as API Gateway's JWT authorizer does.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, errors, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import type { Agency, Role } from '../functions/domain/auth.js';
import { UnauthorizedError } from '../functions/domain/errors.js';

/** The OIDC client of the web apps (Cognito's app client id in AWS); the tokens' audience. */
export const LOCAL_CLIENT_ID = 'outbound-web';
export const LOCAL_AUDIENCE = LOCAL_CLIENT_ID;
export const DEFAULT_AUTH_ADDRESS = 'http://127.0.0.1:9000';

/** The signing key of one local cloud and the issuer its tokens name. */
export interface LocalSigningKey {
  issuer: string;
  privateJwk: JWK & { kid: string };
}

const KEY_FILE = 'auth-key.json';

/** Creates this home's RS256 key pair on the local cloud's first start, and reads it after. */
export async function ensureSigningKey(home: string): Promise<JWK & { kid: string }> {
  const file = join(home, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    try {
      writeFileSync(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
}

/** The issuer of this home's local cloud: the `auth` address it wrote to endpoints.json, else the default. */
function issuerOf(home: string): string {
  try {
    const endpoints = JSON.parse(readFileSync(join(home, 'endpoints.json'), 'utf8')) as { auth?: string };
    if (endpoints.auth) return endpoints.auth;
  } catch {
    // no local cloud has started in this home yet
  }
  return DEFAULT_AUTH_ADDRESS;
}

/** The signing key of the local cloud kept in `home` (written by its first start), for minting script tokens. */
export function localSecret(home: string): LocalSigningKey {
  const file = join(home, KEY_FILE);
  if (!existsSync(file)) throw new Error(`no local signing key in ${home}: start the local cloud once (npm start)`);
  return { issuer: issuerOf(home), privateJwk: JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string } };
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

/** The claims a signed-in user's ID token carries, named as Cognito names them. */
export function userClaims(request: Pick<TokenRequest, 'role' | 'port' | 'agency' | 'email'>): Record<string, string> {
  const claims: Record<string, string> = { 'custom:role': request.role };
  if (request.port) claims['custom:port'] = request.port;
  if (request.agency) claims['custom:agency'] = request.agency;
  if (request.email) claims.email = request.email;
  return claims;
}

export async function mintToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  return new SignJWT({ ...userClaims(request), token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.privateJwk.kid })
    .setSubject(request.subject ?? [request.role, request.port, request.agency].filter(Boolean).join('-'))
    .setIssuer(key.issuer)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(await importJWK(key.privateJwk, 'RS256'));
}

export type TokenVerifier = (token: string) => Promise<Record<string, unknown>>;

/** Verifies bearer tokens as API Gateway's JWT authorizer would: signature by the issuer's JWKS, issuer, audience. */
export function jwksVerifier(issuer: string, audience = LOCAL_AUDIENCE): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(`${issuer}/jwks`), { cooldownDuration: 1000 });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        issuer,
        audience,
        requiredClaims: ['sub', 'exp'],
      });
      return payload as Record<string, unknown>;
    } catch (error) {
      const reason = error instanceof errors.JWTExpired ? 'the token has expired' : 'the token is not valid';
      throw new UnauthorizedError(reason);
    }
  };
}
