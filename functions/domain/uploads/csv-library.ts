// The CSV parser: in Lambda a file of its own beside the ingest's bundle, loaded by the first CSV upload (CSV_MODULES
// in lines.ts); locally this module, by the same specifier.
export { parse } from 'csv-parse';
