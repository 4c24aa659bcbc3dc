// The demo's recount of the cost-benefit figures: straight from the batches it uploaded (each record once, by its
// recordId), with none of the analysis code, to hold the analysis to what was sent.
import type { DemoBatch } from './demo-data.js';

export interface CostBenefitRecount {
  inspections: number;
  inspectionDays: number;
  staffHours: number;
  staffCostUsd: number;
  seizures: number;
  currencySeizedUsd: number;
  firearms: number;
  narcoticsKg: number;
  costPerSeizureUsd: number | null;
  currencySeizedPerStaffHour: number | null;
}

interface InspectionLine {
  recordId: string;
  portCode: string;
  startedAt: string;
  disposition: string;
  findings: Array<{ type: string; amountUsd?: number; count?: number; kg?: number }>;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Per port code and 'NATIONAL': the figures of the records whose local day is within [from, to]. */
export function recountCostBenefit(
  batches: readonly DemoBatch[],
  range: { from: string; to: string },
  staffHourCostUsd: number,
  /** Lines (1-based) each batch's receipt refused. */
  refused: ReadonlyMap<string, ReadonlySet<number>> = new Map(),
): Map<string, CostBenefitRecount> {
  const inspections = new Map<string, InspectionLine>();
  const shifts = new Map<string, { portCode: string; date: string; outboundHours: number }>();
  for (const batch of batches) {
    const skip = refused.get(batch.batchId);
    if (batch.kind === 'inspections')
      for (const [index, line] of batch.body.split('\n').entries()) {
        if (!line || skip?.has(index + 1)) continue;
        const record = JSON.parse(line) as InspectionLine;
        inspections.set(`${record.portCode}/${record.recordId}`, record);
      }
    if (batch.kind === 'staffing') {
      const [header, ...rows] = batch.body.split('\n');
      const columns = (header ?? '').split(',');
      for (const [index, row] of rows.entries()) {
        // the header is line 1
        if (!row || skip?.has(index + 2)) continue;
        const cells = Object.fromEntries(row.split(',').map((cell, i) => [columns[i], cell]));
        shifts.set(`${cells.portCode}/${cells.recordId}`, {
          portCode: String(cells.portCode),
          date: String(cells.date),
          outboundHours: Number(cells.outboundHours),
        });
      }
    }
  }
  const tallies = new Map<string, CostBenefitRecount & { days: Set<string> }>();
  const tally = (scope: string) => {
    let t = tallies.get(scope);
    if (!t) {
      t = {
        inspections: 0,
        inspectionDays: 0,
        staffHours: 0,
        staffCostUsd: 0,
        seizures: 0,
        currencySeizedUsd: 0,
        firearms: 0,
        narcoticsKg: 0,
        costPerSeizureUsd: null,
        currencySeizedPerStaffHour: null,
        days: new Set(),
      };
      tallies.set(scope, t);
    }
    return t;
  };
  const within = (day: string) => day >= range.from && day <= range.to;
  for (const record of inspections.values()) {
    const day = record.startedAt.slice(0, 10);
    if (!within(day)) continue;
    for (const scope of [record.portCode, 'NATIONAL']) {
      const t = tally(scope);
      t.inspections++;
      t.days.add(`${record.portCode}/${day}`);
      if (record.disposition !== 'seized' && record.disposition !== 'arrested') continue;
      t.seizures++;
      for (const f of record.findings) {
        if (f.type === 'currency') t.currencySeizedUsd += f.amountUsd ?? 0;
        if (f.type === 'firearm') t.firearms += f.count ?? 0;
        if (f.type === 'narcotic') t.narcoticsKg += f.kg ?? 0;
      }
    }
  }
  for (const shift of shifts.values()) {
    if (!within(shift.date)) continue;
    for (const scope of [shift.portCode, 'NATIONAL']) tally(scope).staffHours += shift.outboundHours;
  }
  const result = new Map<string, CostBenefitRecount>();
  for (const [scope, { days, ...t }] of tallies) {
    const staffCostUsd = cents(t.staffHours * staffHourCostUsd);
    result.set(scope, {
      ...t,
      inspectionDays: days.size,
      staffHours: cents(t.staffHours),
      staffCostUsd,
      currencySeizedUsd: cents(t.currencySeizedUsd),
      narcoticsKg: Math.round(t.narcoticsKg * 1000) / 1000,
      costPerSeizureUsd: t.seizures > 0 && t.staffHours > 0 ? cents(staffCostUsd / t.seizures) : null,
      currencySeizedPerStaffHour: t.staffHours > 0 ? cents(t.currencySeizedUsd / t.staffHours) : null,
    });
  }
  return result;
}
