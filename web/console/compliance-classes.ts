// The colours of a port's 28-day compliance classes (defined in the domain) on the map, its legend and the tables.
import { type ComplianceClass, complianceClass } from '../../functions/domain/policy.js';

export { complianceClass };

export const COMPLIANCE_COLOURS: Record<ComplianceClass, string> = {
  Compliant: '#1a7f37',
  'Below minimum': '#b3261e',
  'No inspection': '#6e7781',
};
