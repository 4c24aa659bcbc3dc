// A content fingerprint that does not depend on key order: tells a repeated record from a conflicting one.
import { hash } from 'node:crypto';

/** JSON with object keys in code-unit order and undefined members left out (the fingerprint's stable input). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${canonical(value[i])}`;
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonical(item)}`;
    first = false;
  }
  return `${out}}`;
}

export function fingerprint(value: unknown): string {
  return hash('sha256', canonical(value), 'base64url');
}
