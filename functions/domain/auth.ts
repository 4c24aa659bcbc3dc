// Who is calling and what they may see: one rule for roles, officers and supervisors scoped to their port,
// investigators to their agency.
import { ForbiddenError, UnauthorizedError } from './errors.js';
import { PORT_CODE } from './ports.js';

export const ROLES = ['officer', 'supervisor', 'hq', 'investigator'] as const;
export type Role = (typeof ROLES)[number];

/** The investigating agencies a referral can be routed to. */
export const AGENCIES = ['HSI', 'FinCEN', 'USFWS'] as const;
export type Agency = (typeof AGENCIES)[number];

export interface Principal {
  subject: string;
  role: Role;
  /** The port an officer or supervisor belongs to; absent for hq and investigators. */
  port?: string;
  /** The agency an investigator works for; absent for every other role. */
  agency?: Agency;
}

const PORT_SCOPED: ReadonlySet<Role> = new Set<Role>(['officer', 'supervisor']);

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAgency(value: unknown): value is Agency {
  return typeof value === 'string' && (AGENCIES as readonly string[]).includes(value);
}

/** `cognito:groups` as API Gateway passes it: a JSON array, or its string form `[a b]`. */
function groupsOf(claims: Record<string, unknown>): string[] | undefined {
  const groups = claims['cognito:groups'];
  if (groups === undefined) return undefined;
  if (Array.isArray(groups)) return groups.map(String);
  return String(groups)
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * Builds the principal from verified JWT claims, by one rule:
 * - the role is the `custom:role` claim, and it must be one of ROLES;
 * - if the token carries `cognito:groups`, every group must be that same role (a user whose group and attribute
 *   disagree is refused, never served under either);
 * - officers and supervisors carry their port (`custom:port`, 4 digits), investigators their agency
 *   (`custom:agency`: HSI, FinCEN or USFWS), and no role carries the other's scope.
 * A missing or unverifiable token is 401; a verified token whose claims break the rule is 403.
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  if (!claims || typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw new UnauthorizedError('a valid bearer token is required');
  }
  const role = claims['custom:role'];
  if (!isRole(role)) throw new ForbiddenError('the token carries no known role (custom:role)');
  const groups = groupsOf(claims);
  if (groups?.some((group) => group !== role)) throw new ForbiddenError('the token’s groups and role disagree');
  const port = claims['custom:port'];
  const agency = claims['custom:agency'];
  if (PORT_SCOPED.has(role)) {
    if (typeof port !== 'string' || !PORT_CODE.test(port))
      throw new ForbiddenError(`a ${role} token must name the officer's port`);
    if (agency !== undefined) throw new ForbiddenError(`a ${role} token carries no agency`);
    return { subject: claims.sub, role, port };
  }
  if (port !== undefined) throw new ForbiddenError(`a ${role} token carries no port`);
  if (role === 'investigator') {
    if (!isAgency(agency))
      throw new ForbiddenError(`an investigator token must name the agency (${AGENCIES.join(', ')})`);
    return { subject: claims.sub, role, agency };
  }
  if (agency !== undefined) throw new ForbiddenError(`a ${role} token carries no agency`);
  return { subject: claims.sub, role };
}

/** The principal a request is served under, or null when its token is missing or refused (for the access log). */
export function servedAs(claims: Record<string, unknown> | undefined): Principal | null {
  try {
    return principalFromClaims(claims);
  } catch {
    return null;
  }
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
