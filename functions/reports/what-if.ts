// The what-if estimate from each port's daily figures of the last 13 weeks (kept by the nightly metrics job).
import { type PortHistory, type WhatIfEstimate, whatIf, whatIfWindow } from '../domain/analyses/what-if.js';
import type { Proposal } from '../domain/analyses/what-if-proposal.js';
import type { PortRegistry } from '../domain/ports.js';
import type { MetricsStore } from '../metrics/interfaces.js';
import type { PolicyStore } from '../policy/interfaces.js';
import { mapWithConcurrency } from '../shared/concurrency.js';

export async function estimateWhatIf(
  deps: {
    metrics: Pick<MetricsStore, 'daily'>;
    policy: Pick<PolicyStore, 'get'>;
    ports: () => Promise<PortRegistry>;
  },
  proposal: Proposal,
  today: string,
): Promise<WhatIfEstimate> {
  const window = whatIfWindow(today);
  const [{ policy }, registry] = await Promise.all([deps.policy.get(), deps.ports()]);
  const ports: PortHistory[] = await mapWithConcurrency(registry.active(), 8, async (port) => {
    const daily = await deps.metrics.daily(port.code, window.from, window.to);
    const inspectedDays = new Set<string>();
    let staffHours = 0;
    let seizures = 0;
    for (const [day, figures] of daily) {
      if (figures.inspections > 0) inspectedDays.add(day);
      staffHours += figures.outboundStaffHours;
      seizures += figures.seizures;
    }
    return { port, inspectedDays, staffHours, seizures };
  });
  return whatIf({ today, policy, proposal, ports });
}
