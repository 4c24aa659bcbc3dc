// The one list of the files built beside each function's bundle agrees with the handlers: each is loaded, by its
// specifier, from a module the handler reaches, and resolves to the entry the CDK app and the bench build. (A module
// loaded on first use and not listed is bundled, as esbuild does with any import() it can resolve.) And the start
// file the runtime loads requires the SDK packages, then the bundle, and hands the runtime the handler.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAsDeployed, loadStartFile } from '../../fixtures/deployed-functions.js';
import { LAMBDA_FUNCTIONS } from '../../functions/shared/lambda-functions.js';
import {
  SEPARATE_MODULES,
  START_FILE_SDK_PACKAGES,
  startFileCommand,
  startFileSource,
} from '../../infra/function-bundles.js';
import { importGraph, ROOT } from '../architecture/import-graph.js';

const graph = importGraph();

function reached(from: string): string[] {
  const seen = new Set([from]);
  const next = [from];
  for (let path = next.pop(); path !== undefined; path = next.pop())
    for (const module of graph.get(path)?.modules ?? [])
      if (!seen.has(module)) {
        seen.add(module);
        next.push(module);
      }
  return [...seen];
}

/** Where the function's code loads a module on first use: `import('./x.js')` (not a type's `typeof import(…)`) → the source it resolves to. */
function loadedOnFirstUse(entry: string): Map<string, string> {
  const loads = new Map<string, string>();
  for (const path of reached(entry))
    for (const [, specifier] of readFileSync(join(ROOT, path), 'utf8').matchAll(
      /(?<!typeof )\bimport\(\s*'(\.[^']+)'\s*\)/g,
    ))
      if (specifier)
        loads.set(specifier, relative(ROOT, resolve(dirname(join(ROOT, path)), specifier)).replace(/\.js$/, '.ts'));
  return loads;
}

describe('the files built beside the bundles (infra/function-bundles.ts)', () => {
  for (const { name, entry } of LAMBDA_FUNCTIONS)
    it(`lists for ${name} only what its handler loads on first use, under the specifier it loads it by`, () => {
      const listed = SEPARATE_MODULES[name];
      const loaded = loadedOnFirstUse(entry);
      for (const module of Object.values(listed)) expect(existsSync(join(ROOT, module)), module).toBe(true);
      expect(Object.fromEntries(Object.keys(listed).map((specifier) => [specifier, loaded.get(specifier)]))).toEqual(
        listed,
      );
    });

  it('carry no copy of the named errors: one thrown from such a file would not be the class mapped to its status', () => {
    const separate = Object.values(SEPARATE_MODULES).flatMap((modules) => Object.values(modules));
    expect(separate.length).toBeGreaterThan(0);
    expect(separate.filter((module) => reached(module).includes('functions/domain/errors.ts'))).toEqual([]);
    expect(reached('functions/api/handler.ts')).toContain('functions/domain/errors.ts');
  });
});

describe('the start file (the runtime loads start.js, which loads index.js)', () => {
  const parent = join(ROOT, 'node_modules', '.cache', 'outbound-test-bundles');

  it.each(LAMBDA_FUNCTIONS.map((fn) => fn.name))(
    "%s: the CDK's command writes it; it hands the runtime the handler, and the bundle needs no SDK package it does not load first",
    async (name) => {
      const deployed = await buildAsDeployed(name, parent);
      rmSync(deployed.start);
      execFileSync('bash', ['-c', startFileCommand(name, dirname(deployed.start))]);
      expect(readFileSync(deployed.start, 'utf8')).toBe(startFileSource(name));
      const { byStartFile, byBundle, handler } = loadStartFile(deployed);
      expect(handler).toBe('function');
      expect(byStartFile).toEqual([...START_FILE_SDK_PACKAGES[name]]);
      expect(byBundle.length).toBeGreaterThan(0);
      expect(byBundle.filter((sdk) => !START_FILE_SDK_PACKAGES[name].includes(sdk))).toEqual([]);
    },
  );
});
