// Each function's start file loads the runtime's SDK packages before its bundle (docs/performance.md, "The SDK
// first"): its list names exactly the SDK packages the handler's static (value) imports reach, so the list cannot go
// stale when an adapter starts or stops using a client.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_FUNCTIONS } from '../../functions/shared/lambda-functions.js';
import { START_FILE_SDK_PACKAGES } from '../../infra/function-bundles.js';
import { ROOT } from './import-graph.js';

/** Static value imports and re-exports (type-only ones load nothing at run time; import() loads on first use). */
const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

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

describe('the SDK first', () => {
  it.each(LAMBDA_FUNCTIONS.map((fn) => [fn.name, fn.entry] as const))(
    '%s: its start file loads every SDK package its handler reaches, and no other',
    (name, entry) => {
      expect([...START_FILE_SDK_PACKAGES[name]].sort()).toEqual([...sdkPackagesReached(entry)].sort());
      expect(new Set(START_FILE_SDK_PACKAGES[name]).size).toBe(START_FILE_SDK_PACKAGES[name].length);
    },
  );
});
