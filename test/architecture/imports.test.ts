// The import rule, held over the sources. Layers, lowest first: the domain (pure rules); shared code (config, clients,
// small helpers); the capabilities (functions/<capability>/: use cases and interfaces.ts, the interfaces they need);
// the adapters (implement those interfaces with an SDK client); the entry points (each function's handler.ts and
// deps.ts, and the API). Nothing imports from a higher layer, and there is no import cycle.
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, type Module } from './import-graph.js';

const graph = importGraph();
const RUNTIME_PACKAGES =
  /^(@aws-sdk\/|@aws-lambda-powertools\/|@middy\/|@smithy\/|aws-lambda$|aws-cdk-lib|constructs$)/;

const isEntry = (path: string) =>
  path.startsWith('functions/api/') || /^functions\/[^/]+\/(handler|deps)\.ts$/.test(path);
const isAdapter = (path: string) => path.startsWith('functions/adapters/');
const isDomain = (path: string) => path.startsWith('functions/domain/');
const isShared = (path: string) => path.startsWith('functions/shared/');
const isUseCase = (path: string) =>
  path.startsWith('functions/') && !isEntry(path) && !isAdapter(path) && !isDomain(path) && !isShared(path);
const isInterfaces = (path: string) => /^functions\/[^/]+\/interfaces\.ts$/.test(path);
/** Shared code that reads the environment or builds an SDK client: for the wiring only. */
const isRuntimeShared = (path: string) =>
  /^functions\/shared\/(config|clients|function-env|logger|transient|[a-z0-9]+-client)\.ts$/.test(path);

/**
 * `importer → package` for each import of zod under functions/ other than `zod/mini` (and `zod/locales`, the English
 * messages mini needs installed): classic zod builds schemas several times slower, at every cold start that loads
 * them (docs/performance.md, `init.*`).
 */
function classicZodImports(of: Map<string, Module>): string[] {
  return [...of.entries()]
    .filter(([path]) => path.startsWith('functions/'))
    .flatMap(([path, { packages: names }]) =>
      names.filter((n) => /^zod(\/|$)/.test(n) && n !== 'zod/mini' && n !== 'zod/locales').map((n) => `${path} → ${n}`),
    );
}

/** `importer → target` for each import of the modules under `prefix` that `forbidden` picks. */
function imports(pick: (path: string) => boolean, forbidden: (target: string) => boolean): string[] {
  return [...graph.entries()]
    .filter(([path]) => pick(path))
    .flatMap(([path, { modules }]) => modules.filter(forbidden).map((target) => `${path} → ${target}`));
}

function packages(pick: (path: string) => boolean, forbidden: RegExp): string[] {
  return [...graph.entries()]
    .filter(([path]) => pick(path))
    .flatMap(([path, { packages: names }]) => names.filter((n) => forbidden.test(n)).map((n) => `${path} → ${n}`));
}

/** Every module `path` reaches through its imports (itself left out). */
function reach(path: string, seen = new Set<string>()): Set<string> {
  for (const next of graph.get(path)?.modules ?? []) {
    if (seen.has(next)) continue;
    seen.add(next);
    reach(next, seen);
  }
  return seen;
}

describe('the import graph', () => {
  it('is read from the sources', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('functions/api/handler.ts')?.modules).toContain('functions/api/router.ts');
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle and an upward import where there is one (the checks can fail)', () => {
    const made = new Map<string, Module>([
      ['functions/a/use-case.ts', { modules: ['functions/adapters/b.ts'], packages: [] }],
      ['functions/adapters/b.ts', { modules: ['functions/a/use-case.ts'], packages: ['@aws-sdk/client-s3'] }],
    ]);
    expect(cycles(made)).toEqual([['functions/a/use-case.ts', 'functions/adapters/b.ts', 'functions/a/use-case.ts']]);
    expect(isUseCase('functions/a/use-case.ts') && isAdapter('functions/adapters/b.ts')).toBe(true);
  });

  it('keeps the domain pure: it imports only the domain (no adapter, handler, use case, SDK, runtime or config)', () => {
    expect(imports(isDomain, (target) => !isDomain(target))).toEqual([]);
    expect(packages(isDomain, RUNTIME_PACKAGES)).toEqual([]);
  });

  it('keeps shared code below the capabilities: functions/shared imports only shared code and the domain', () => {
    expect(imports(isShared, (target) => !isShared(target) && !isDomain(target))).toEqual([]);
  });

  it('keeps the use cases free of the outside: no adapter, handler, wiring, API, config, client, SDK or runtime', () => {
    expect(imports(isUseCase, (target) => !isUseCase(target) && !isDomain(target) && !isShared(target))).toEqual([]);
    expect(imports(isUseCase, isRuntimeShared)).toEqual([]);
    expect(packages(isUseCase, RUNTIME_PACKAGES)).toEqual([]);
    // nor through anything they import
    const reached = [...graph.keys()]
      .filter(isUseCase)
      .flatMap((path) =>
        [...reach(path)]
          .filter((target) => !isUseCase(target) && !isDomain(target) && (!isShared(target) || isRuntimeShared(target)))
          .map((target) => `${path} ⇢ ${target}`),
      );
    expect(reached).toEqual([]);
  });

  it('has each capability own its interfaces: a use case module per capability, and interfaces.ts beside it', () => {
    const capabilities = new Set([...graph.keys()].filter(isUseCase).map((path) => path.split('/')[1]));
    expect([...capabilities].sort()).toEqual(
      expect.arrayContaining(['compliance', 'ingest', 'metrics', 'policy', 'referrals', 'reports', 'surges']),
    );
    for (const name of ['compliance', 'ingest', 'metrics', 'policy', 'referrals', 'reports', 'surges'])
      expect(graph.has(`functions/${name}/interfaces.ts`), `functions/${name}/interfaces.ts`).toBe(true);
  });

  it('has adapters import only the domain, shared code, other adapters and the capabilities’ interfaces', () => {
    expect(
      imports(
        isAdapter,
        (target) => !isAdapter(target) && !isDomain(target) && !isShared(target) && !isInterfaces(target),
      ),
    ).toEqual([]);
  });

  it('has nothing below the entry points import a handler, the wiring or the API', () => {
    expect(imports((path) => path.startsWith('functions/') && !isEntry(path), isEntry)).toEqual([]);
    // one entry point never reaches into another's wiring: the API and each function stand alone
    const folder = (path: string) => path.split('/')[1];
    const across = [...graph.entries()]
      .filter(([path]) => isEntry(path))
      .flatMap(([path, { modules }]) =>
        modules.filter((t) => isEntry(t) && folder(t) !== folder(path)).map((t) => `${path} → ${t}`),
      );
    expect(across).toEqual([]);
  });

  it('keeps the Lambda code to itself: functions/ imports nothing from the local cloud, the CLI, tests or bench', () => {
    expect(
      imports(
        (path) => path.startsWith('functions/'),
        (target) => !target.startsWith('functions/'),
      ),
    ).toEqual([]);
  });

  it('keeps the word "port" for ports of entry: no module named ports.ts outside the domain', () => {
    const named = [...graph.keys()].filter((path) => /(^|\/)ports\.ts$/.test(path) && !path.includes('/domain/'));
    // the API's routes for /ports and the console's data module for that API area name ports of entry
    const apiArea = (path: string) => path.startsWith('functions/api/routes/') || path.startsWith('web/console/data/');
    expect(named.filter((path) => !apiArea(path))).toEqual([]);
  });

  it('has the Lambda code import zod only as zod/mini (and its English messages, zod/locales)', () => {
    expect(graph.get('functions/shared/config.ts')?.packages).toContain('zod/mini');
    expect(classicZodImports(graph)).toEqual([]);
  });

  it('finds a classic zod import where there is one (the check can fail)', () => {
    const planted = new Map(graph);
    planted.set('functions/api/routes/planted.ts', { modules: [], packages: ['zod/mini', 'zod'] });
    planted.set('functions/domain/planted.ts', { modules: [], packages: ['zod/v4'] });
    planted.set('web/shared/planted.ts', { modules: [], packages: ['zod'] });
    expect(classicZodImports(planted)).toEqual([
      ...classicZodImports(graph),
      'functions/api/routes/planted.ts → zod',
      'functions/domain/planted.ts → zod/v4',
    ]);
  });

  it('has the benchmarks, the local cloud and the CLI import no test code (shared samples live in fixtures/)', () => {
    const intoTests = [...graph.entries()]
      .filter(([path]) => /^(bench|local|cli|functions|infra|web)\//.test(path))
      .flatMap(([path, { modules }]) =>
        modules.filter((target) => target.startsWith('test/')).map((target) => `${path} → ${target}`),
      );
    expect(intoTests).toEqual([]);
  });
});
