// The headline figures of a range (national, a border or a port).
import { Figures } from './components.js';
import type { Totals } from './data/metrics.js';
import { formatDecimal, formatPercent, formatUsd, formatWhole } from './format.js';

const orDash = (value: number | null, format: (v: number) => string) => (value === null ? '—' : format(value));

export function Headline({ totals }: { totals: Totals }) {
  return (
    <Figures
      items={[
        ['Inspections', formatWhole(totals.inspections)],
        ['Inspection days', formatWhole(totals.inspectionDays)],
        ['Inspections per 1,000 exits', orDash(totals.inspectionsPer1000Exits, formatDecimal)],
        ['Seizures', formatWhole(totals.seizures)],
        ['Hit rate', orDash(totals.hitRate, formatPercent)],
        ['Currency seized', formatUsd(totals.currencySeizedUsd)],
        ['Firearms', formatWhole(totals.firearms)],
        ['Ammunition (rounds)', formatWhole(totals.ammunitionRounds)],
        ['Narcotics (kg)', formatDecimal(totals.narcoticsKg)],
        ['Staff hours', formatWhole(totals.outboundStaffHours)],
        ['Staff cost', formatUsd(totals.staffCostUsd)],
        ['Cost per seizure', orDash(totals.costPerSeizure, formatUsd)],
        ['Referrals past SLA', formatWhole(totals.referralsPastSla)],
      ]}
    />
  );
}
