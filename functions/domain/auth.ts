// Who is calling and what they may see: roles from the token, officers and supervisors scoped to their port.
import { ForbiddenError, UnauthorizedError } from './errors.js';

export const ROLES = ['officer', 'supervisor', 'hq', 'investigator'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  subject: string;
  role: Role;
  /** The port an officer or supervisor belongs to; absent for hq and investigators. */
  port?: string;
}

const PORT_SCOPED: ReadonlySet<Role> = new Set<Role>(['officer', 'supervisor']);

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function groupsOf(claims: Record<string, unknown>): string[] {
  const groups = claims['cognito:groups'];
  if (Array.isArray(groups)) return groups.map(String);
  if (typeof groups === 'string')
    return groups
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  return [];
}

/**
 * Builds the principal from verified JWT claims, as API Gateway's JWT authorizer passes them (Cognito: role in
 * `custom:role` or a `cognito:groups` entry, port in `custom:port`; local tokens use the same claim names).
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  if (!claims || typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw new UnauthorizedError('a valid bearer token is required');
  }
  const role = isRole(claims['custom:role']) ? claims['custom:role'] : groupsOf(claims).find(isRole);
  if (!role) throw new ForbiddenError('the token carries no known role');
  const port = typeof claims['custom:port'] === 'string' ? claims['custom:port'] : undefined;
  if (PORT_SCOPED.has(role)) {
    if (!port || !/^\d{4}$/.test(port)) throw new ForbiddenError(`a ${role} token must name the officer's port`);
    return { subject: claims.sub, role, port };
  }
  return { subject: claims.sub, role };
}

export function isPortScoped(principal: Principal): boolean {
  return PORT_SCOPED.has(principal.role);
}

export function canAccessPort(principal: Principal, port: string): boolean {
  return !isPortScoped(principal) || principal.port === port;
}

export function requireRole(principal: Principal, allowed: readonly Role[]): void {
  if (!allowed.includes(principal.role)) {
    throw new ForbiddenError(`this action is not open to the ${principal.role} role`);
  }
}

export function requirePort(principal: Principal, port: string): void {
  if (!canAccessPort(principal, port)) {
    throw new ForbiddenError(`a ${principal.role} may act only on port ${principal.port}`);
  }
}
