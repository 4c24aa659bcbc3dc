// The fast path of record validation: a compiled check that passes only records the zod schema would accept exactly
// as they are (its defaults aside). Most lines pass it; the rest go to zod, which decides and says why.
import { Ajv, type ValidateFunction } from 'ajv';
import * as z from 'zod';
import { endsAfterStart, hasNoRepeats, type Inspection, type RecordKind, SCHEMAS } from './schemas.js';

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

// zod reads its patterns without the u flag: so does this check
const ajv = new Ajv({ useDefaults: true, unicodeRegExp: false, allErrors: false, strict: true });
const compiled = new Map<RecordKind, ValidateFunction>();

export function jsonSchemaOf(kind: RecordKind): unknown {
  return narrowed(z.toJSONSchema(SCHEMAS[kind], { io: 'input', target: 'draft-7' }));
}

/**
 * True when zod would accept `value` unchanged; the schema's defaults are then filled in place. False means only
 * that zod must look at it.
 */
export function acceptsAsIs(kind: RecordKind, value: unknown): boolean {
  let check = compiled.get(kind);
  if (!check) {
    check = ajv.compile(jsonSchemaOf(kind) as Json);
    compiled.set(kind, check);
  }
  if (!check(value)) return false;
  const refined = REFINEMENTS[kind] as ((value: unknown) => boolean) | undefined;
  return refined ? refined(value) : true;
}
