// The charts' libraries in one module: in Lambda a file of its own beside the jobs' bundle (see JOBS_SEPARATE_MODULES),
// loaded when a report draws its first chart, so that a job drawing nothing neither loads nor compiles them.
export * as Plot from '@observablehq/plot';
export { initWasm, Resvg } from '@resvg/resvg-wasm';
export { parseHTML } from 'linkedom';
export { feature } from 'topojson-client';
