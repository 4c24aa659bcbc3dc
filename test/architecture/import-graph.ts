// The project's import graph, read from the sources: each module and the project modules and packages it imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const FOLDERS = ['functions', 'infra', 'local', 'cli', 'bench', 'fixtures', 'scripts', 'test', 'web'];
// static imports and re-exports (`import type` too: a type cycle is a design cycle); dynamic import() is a lazy load
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

export interface Module {
  /** Project modules it imports, as paths from the root. */
  modules: string[];
  /** Packages it imports (`node:` built-ins left out). */
  packages: string[];
}

function sources(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export function importGraph(): Map<string, Module> {
  const graph = new Map<string, Module>();
  for (const file of FOLDERS.flatMap((folder) => sources(join(ROOT, folder)))) {
    const text = readFileSync(file, 'utf8');
    const module: Module = { modules: [], packages: [] };
    for (const [, specifier] of text.matchAll(IMPORT)) {
      if (!specifier || specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier).replace(/\.(m?js|jsx)$/, '');
        const candidates = ['.ts', '.tsx', '.mts', '/index.ts'].map((ext) => target + ext);
        const found = candidates.find((candidate) => {
          try {
            return statSync(candidate).isFile();
          } catch {
            return false;
          }
        });
        if (found) module.modules.push(relative(ROOT, found));
      } else module.packages.push(specifier);
    }
    graph.set(relative(ROOT, file), module);
  }
  return graph;
}

/** Every cycle of imports, each as the modules around it (found by a depth-first walk; one per strongly connected part). */
export function cycles(graph: Map<string, Module>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.modules ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}
