// The local cloud's people: created once in .outbound/users.json (random passwords), the accounts of the local
// OIDC provider, as the Cognito user pool's users are in AWS.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Agency, Role } from '../functions/domain/auth.js';

export interface LocalUser {
  username: string;
  password: string;
  role: Role;
  port?: string;
  agency?: Agency;
}

export const USERS_FILE = 'users.json';

const PEOPLE: ReadonlyArray<Omit<LocalUser, 'password'>> = [
  { username: 'hq', role: 'hq' },
  { username: 'supervisor-2304', role: 'supervisor', port: '2304' },
  { username: 'officer-2304', role: 'officer', port: '2304' },
  { username: 'supervisor-2404', role: 'supervisor', port: '2404' },
  { username: 'officer-2404', role: 'officer', port: '2404' },
  { username: 'investigator-hsi', role: 'investigator', agency: 'HSI' },
  { username: 'investigator-fincen', role: 'investigator', agency: 'FinCEN' },
  { username: 'investigator-usfws', role: 'investigator', agency: 'USFWS' },
];

function password(): string {
  return randomBytes(12).toString('base64url');
}

/** Creates `users.json` in `home` on first use and returns its path; an existing file is kept as it is. */
export function ensureUsers(home: string): string {
  const file = join(home, USERS_FILE);
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    const users: LocalUser[] = PEOPLE.map((person) => ({ ...person, password: password() }));
    try {
      writeFileSync(file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return file;
}

export function readUsers(home: string): LocalUser[] {
  return JSON.parse(readFileSync(join(home, USERS_FILE), 'utf8')) as LocalUser[];
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The user with this username and password, read afresh so that an edited users.json counts at once. */
export function checkPassword(home: string, username: string, given: string): LocalUser | undefined {
  const user = readUsers(home).find((candidate) => candidate.username === username);
  return user && sameText(user.password, given) ? user : undefined;
}
