// The demo's surge operation data: a baseline in the same hours of the 28 days before the window, and the operation's
// own inspections in its window naming it; every line a valid record of its port.
import { describe, expect, it } from 'vitest';
import { baselineBatches, surgeBatches } from '../../cli/demo-surge.js';
import { SHIPPED_PORTS } from '../../functions/domain/port-data.js';
import { validateRecord } from '../../functions/domain/records/validate.js';
import { inShiftedWindow } from '../../functions/domain/surges.js';

const ports = SHIPPED_PORTS.filter((port) => ['2304', '2504'].includes(port.code));
const window = { start: '2026-11-22T18:00:00.000Z', end: '2026-11-22T18:02:00.000Z' };
const now = Date.parse('2026-11-22T18:01:00.000Z');
const linesOf = (batch: { body: string }) =>
  batch.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown> & { startedAt: string; surgeId?: string });

describe('the demo surge operation', () => {
  it("uploads, per port, ordinary inspections in the window's hours on each of the 28 days before it", () => {
    const batches = baselineBatches(ports, window, 'surge-demo', 2304);
    expect(batches.map((b) => b.portCode)).toEqual(ports.map((p) => p.code));
    for (const batch of batches) {
      const lines = linesOf(batch);
      const days = lines.map((line) =>
        Array.from({ length: 28 }, (_, i) => i + 1).find((d) => inShiftedWindow(line.startedAt, window, d)),
      );
      expect(new Set(days)).toEqual(new Set(Array.from({ length: 28 }, (_, i) => i + 1)));
      expect(lines.every((line) => line.surgeId === undefined)).toBe(true);
      for (const line of lines)
        expect(validateRecord('inspections', line, { portCode: batch.portCode, now: new Date(now) }).ok).toBe(true);
    }
  });

  it("uploads the operation's own inspections, each naming it, between its start and now", () => {
    for (const batch of surgeBatches(ports, window, 'surge-demo', now, 2304)) {
      const lines = linesOf(batch);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line.surgeId).toBe('surge-demo');
        expect(inShiftedWindow(line.startedAt, window, 0)).toBe(true);
        expect(Date.parse(line.startedAt)).toBeLessThanOrEqual(now);
        expect(validateRecord('inspections', line, { portCode: batch.portCode, now: new Date(now) }).ok).toBe(true);
      }
    }
  });
});
