// The what-if estimate and its statistics library: in Lambda a file of its own beside the API's bundle, loaded by the
// first what-if request (WHAT_IF_MODULES in reports.ts); locally this module, by the same specifier.
export { estimateWhatIf } from '../../reports/what-if.js';
