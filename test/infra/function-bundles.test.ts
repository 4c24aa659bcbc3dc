// The one list of the files built beside each function's bundle agrees with the handlers: each is loaded, by its
// specifier, from a module the handler reaches, and resolves to the entry the CDK app and the bench build. (A module
// loaded on first use and not listed is bundled, as esbuild does with any import() it can resolve.) And the start
// file the runtime loads requires the SDK packages, then the bundle, and hands the runtime the handler.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_FUNCTIONS } from '../../functions/shared/lambda-functions.js';
import {
  BUNDLE_OPTIONS,
  RUNTIME_MODULES,
  SDK_FIRST,
  SEPARATE_MODULES,
  START_MODULE,
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

/**
 * Builds the function as the CDK app lays it out (`index.js`, the start file; CommonJS, as in a Lambda task directory
 * with no package.json), inside the project so that the runtime's SDK resolves to node_modules, and loads the start
 * file in a fresh process: which `@aws-sdk/*` packages each file required as it loaded, and what it exports.
 */
async function loadAsDeployed(name: (typeof LAMBDA_FUNCTIONS)[number]['name'], entry: string) {
  const dir = join(ROOT, 'node_modules', '.cache', 'outbound-test-bundles', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  await build({
    ...BUNDLE_OPTIONS,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    bundle: true,
    platform: 'node',
    logLevel: 'silent',
    entryPoints: [join(ROOT, entry)],
    outfile: join(dir, 'index.js'),
    external: [...RUNTIME_MODULES, ...Object.keys(SEPARATE_MODULES[name])],
  });
  const start = join(dir, `${START_MODULE}.js`);
  writeFileSync(start, startFileSource(name));
  const script = `const M = require('node:module'); const load = M._load; const required = [];
M._load = function (request, parent, ...rest) {
  if (parent && request.startsWith('@aws-sdk/')) required.push([parent.filename, request]);
  return load.call(this, request, parent, ...rest);
};
const exported = require(${JSON.stringify(start)});
console.log(JSON.stringify({ required, handler: typeof exported.handler }));`;
  const output = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, AWS_REGION: 'us-east-1' },
  });
  const { required, handler } = JSON.parse(output.toString()) as { required: Array<[string, string]>; handler: string };
  const requiredBy = (file: string) => required.filter(([parent]) => parent === join(dir, file)).map(([, sdk]) => sdk);
  return { byStartFile: requiredBy(`${START_MODULE}.js`), byBundle: requiredBy('index.js'), handler };
}

describe('the start file (the runtime loads start.js, which loads index.js)', () => {
  it.each(LAMBDA_FUNCTIONS.map((fn) => [fn.name, fn.entry] as const))(
    '%s: requires its SDK packages in the listed order, then the bundle, which needs no other, and exports the handler',
    async (name, entry) => {
      const { byStartFile, byBundle, handler } = await loadAsDeployed(name, entry);
      expect(handler).toBe('function');
      expect(byStartFile).toEqual([...SDK_FIRST[name]]);
      expect(byBundle.length).toBeGreaterThan(0);
      expect(byBundle.filter((sdk) => !SDK_FIRST[name].includes(sdk))).toEqual([]);
    },
  );
});
