import { describe, expect, it } from 'vitest';
import { planDemo } from '../../cli/demo-data.js';
import { SHIPPED_PORTS } from '../../functions/domain/port-data.js';
import { validateRecord } from '../../functions/domain/records/validate.js';
import { parseUploadKey } from '../../functions/domain/uploads/key.js';

const options = { days: 21, today: '2026-11-22', seed: 7 };

describe('demo data', () => {
  const plan = planDemo(SHIPPED_PORTS, options);

  it('is the same for the same seed and day', () => {
    expect(planDemo(SHIPPED_PORTS, options).batches.map((b) => b.body)).toEqual(plan.batches.map((b) => b.body));
    expect(planDemo(SHIPPED_PORTS, { ...options, seed: 8 }).national).not.toEqual(plan.national);
  });

  it('makes batches that fit the upload layout and whose every JSON line validates', () => {
    for (const batch of plan.batches) {
      expect(
        parseUploadKey(`incoming/${batch.kind}/${batch.portCode}/DEMO-LOADER/${batch.batchId}.${batch.format}`).ok,
      ).toBe(true);
      if (batch.format !== 'jsonl') continue;
      for (const line of batch.body.trim().split('\n')) {
        const result = validateRecord(batch.kind, JSON.parse(line), {
          portCode: batch.portCode,
          now: new Date('2026-11-22T12:00:00Z'),
        });
        expect(result.ok, line).toBe(true);
      }
    }
  });

  it('totals what it generates, with busier inspection at the southern border and ports that never inspect', () => {
    const inspections = plan.batches.filter((b) => b.kind === 'inspections').reduce((n, b) => n + b.records, 0);
    expect(plan.national.inspections).toBe(inspections);
    const traffic = plan.batches.filter((b) => b.kind === 'traffic').flatMap((b) => b.body.trim().split('\n').slice(1));
    expect(traffic.reduce((n, row) => n + Number(row.split(',')[5]), 0)).toBe(plan.national.exits);
    const perBorder = (border: string) => {
      const ports = SHIPPED_PORTS.filter((p) => p.border === border && plan.totals.has(p.code));
      return ports.reduce((n, p) => n + (plan.totals.get(p.code)?.inspections ?? 0), 0) / ports.length;
    };
    expect(perBorder('US-Mexico')).toBeGreaterThan(perBorder('US-Canada'));
    expect([...plan.totals.values()].some((t) => t.inspections === 0)).toBe(true);
    expect(plan.national.seizures).toBeGreaterThan(0);
  });
});
