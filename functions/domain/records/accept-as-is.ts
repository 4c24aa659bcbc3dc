// The fast path of record validation: a compiled check that passes only records the zod schema would accept exactly
// as they are (its defaults aside). Most lines pass it; the rest go to zod, which decides and says why.
import type { Ajv, ValidateFunction } from 'ajv';
import type { RecordKind } from './kinds.js';
import { endsAfterStart, hasNoRepeats, type Inspection, schemaOf } from './schemas.js';

type Json = Record<string, unknown>;

/**
 * No space at either end, which zod would trim away, and no surrogate pairs, the one case where JSON Schema's length
 * (in characters) and zod's (in UTF-16 code units) differ. An empty string passes.
 */
const AS_IS_STRING = '^(?!\\s)[^\\uD800-\\uDFFF]*(?<!\\s)$';

/**
 * Narrows a JSON Schema derived from zod so that what passes it, zod leaves unchanged: no unknown members anywhere
 * (zod strips or refuses them), no string that trimming would change or whose length zod counts otherwise. Formats
 * are checked by the pattern zod's own check uses, which the derived schema carries.
 */
function narrowed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(narrowed);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'format' || key === '$schema') continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, narrowed(v)]))
        : narrowed(value);
  }
  if (out.type === 'object') out.additionalProperties = false;
  if (out.type === 'string') out.allOf = [...((out.allOf as unknown[]) ?? []), { pattern: AS_IS_STRING }];
  return out;
}

/** What the zod schemas refine beyond their fields, with the same predicates. */
const REFINEMENTS: { [K in RecordKind]?: (value: never) => boolean } = {
  inspections: (record: Inspection) => hasNoRepeats(record.techniques) && endsAfterStart(record),
};

type ValidatorLibrary = typeof import('./validator-library.js');
let ajv: Ajv | undefined;
let library: ValidatorLibrary | undefined;

/**
 * Loads the fast path's validator (ajv, and zod's JSON Schema conversion) on first use: the ingest awaits it before it
 * reads an upload, so a cold start runs neither. Until it is loaded, every record goes to zod, which decides alone.
 */
export async function loadFastPath(): Promise<void> {
  library ??= await import('./validator-library.js');
}

/**
 * The module the ingest's bundle leaves out and loads on first use, by the specifier it is imported with: built as a
 * file of its own beside the bundle, by the CDK bundling and by `npm run bench` alike (as the jobs' chart libraries).
 */
export const FAST_PATH_MODULES = {
  './validator-library.js': 'functions/domain/records/validator-library.ts',
} as const;

interface FastPath {
  check: ValidateFunction;
  /** The schema's defaults for top-level members absent or undefined, as JSON (each use gets its own copy). */
  defaults: Array<[string, string]>;
}
const compiled = new Map<RecordKind, FastPath>();

function compile(kind: RecordKind, { Ajv: AjvClass, toJSONSchema }: ValidatorLibrary): FastPath {
  const schema = narrowed(toJSONSchema(schemaOf(kind), { io: 'input', target: 'draft-7' })) as Json;
  const defaults = Object.entries((schema.properties ?? {}) as Record<string, Json>)
    .filter(([, property]) => 'default' in property)
    .map(([name, property]): [string, string] => [name, JSON.stringify(property.default)]);
  // zod reads its patterns without the u flag: so does this check. Built on first use, not at cold start.
  ajv ??= new AjvClass({ unicodeRegExp: false, allErrors: false, strict: true });
  return { check: ajv.compile(schema), defaults };
}

/**
 * The record as zod would return it, when zod would accept it unchanged but for its defaults (`value` itself is left
 * as it is); undefined means only that zod must look at it.
 */
export function acceptedAsIs(kind: RecordKind, value: unknown): Json | undefined {
  let path = compiled.get(kind);
  if (!path) {
    if (!library) return undefined;
    path = compile(kind, library);
    compiled.set(kind, path);
  }
  if (!path.check(value)) return undefined;
  const refined = REFINEMENTS[kind] as ((value: unknown) => boolean) | undefined;
  if (refined && !refined(value)) return undefined;
  const accepted: Json = { ...(value as Json) };
  for (const [name, json] of path.defaults) if (accepted[name] === undefined) accepted[name] = JSON.parse(json);
  return accepted;
}
