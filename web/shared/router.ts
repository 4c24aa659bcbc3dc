// A hash router on one signal: `#/ports/2304?tab=uploads` → path '/ports/2304', query { tab: 'uploads' }.
import { computed, signal } from '@preact/signals';

const hash = signal(typeof location === 'undefined' ? '' : location.hash);
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    hash.value = location.hash;
  });
}

/** Reads the address again (after sign-in replaced it without a hashchange event). */
export function refreshRoute(): void {
  hash.value = location.hash;
}

export const route = computed(() => {
  const raw = hash.value.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?', 2);
  return { path, query: Object.fromEntries(new URLSearchParams(search)) as Record<string, string> };
});

/** The parameters of `pattern` ('/ports/:code') in `path`, or null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${source}$`).exec(path);
  if (!match) return null;
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
}

export function navigate(path: string): void {
  location.hash = `#${path}`;
}

export function href(path: string): string {
  return `#${path}`;
}
