// Each handler loads the runtime's SDK packages before its own modules (docs/performance.md, "The SDK first"): its
// leading side-effect imports name exactly the SDK packages its static (value) imports reach, so the list cannot go
// stale when an adapter starts or stops using a client.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_FUNCTIONS } from '../../functions/shared/lambda-functions.js';
import { ROOT } from './import-graph.js';

/** Static value imports and re-exports (type-only ones load nothing at run time; import() loads on first use). */
const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const LEADING_SDK_IMPORT = /^import '(@aws-sdk\/[^']+)';$/;

function sdkPackagesReached(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(join(ROOT, file), 'utf8').matchAll(VALUE_IMPORT)) {
      if (!specifier) continue;
      if (specifier.startsWith('@aws-sdk/')) packages.add(specifier);
      else if (specifier.startsWith('.'))
        visit(relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)).replace(/\.js$/, '.ts'));
    }
  };
  visit(entry);
  return packages;
}

function leadingSdkImports(entry: string): string[] {
  const lines = readFileSync(join(ROOT, entry), 'utf8').split('\n');
  const first = lines.findIndex((line) => !line.startsWith('//'));
  const leading: string[] = [];
  for (const line of lines.slice(first)) {
    const match = LEADING_SDK_IMPORT.exec(line);
    if (!match?.[1]) break;
    leading.push(match[1]);
  }
  return leading;
}

describe('the SDK first', () => {
  it.each(LAMBDA_FUNCTIONS.map((fn) => [fn.name, fn.entry]))(
    '%s imports the SDK packages it reaches before anything else',
    (_name, entry) => {
      expect(leadingSdkImports(entry).sort()).toEqual([...sdkPackagesReached(entry)].sort());
    },
  );
});
