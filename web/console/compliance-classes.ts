// The three classes of a port's 28-day compliance, named and coloured alike on the map, its legend and the tables.
import type { ComplianceEntry } from './data/metrics.js';

export const COMPLIANCE_COLOURS = { Compliant: '#1a7f37', 'Below minimum': '#b3261e', 'No inspection': '#6e7781' };

export function complianceClass(row: ComplianceEntry): keyof typeof COMPLIANCE_COLOURS {
  if (row.inspectionDays28 === 0) return 'No inspection';
  return row.compliant28 ? 'Compliant' : 'Below minimum';
}
