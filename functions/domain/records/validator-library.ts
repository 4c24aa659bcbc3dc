// ajv, the fast path's validator, and zod's JSON Schema conversion that feeds it, in a module of its own: in Lambda a
// file beside the ingest's bundle, which the first upload loads (FAST_PATH_MODULES in accept-as-is.ts).
export { Ajv } from 'ajv';
export { toJSONSchema } from 'zod/mini';
