// The benchmark runner's handling of a group that throws: recorded as failed, the run goes on, figures are kept.
import { describe, expect, it, vi } from 'vitest';
import { type Entry, isFailure, mergeResults, runGroup } from '../../bench/results.js';

const figure = (value: number): Entry => ({ value, unit: 'ms', budget: 'report', ok: true });

describe('a benchmark run', () => {
  it('records a group that throws as failed with its message, keeps the figures recorded before, and goes on', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const into: Record<string, Entry> = {};
    const first = await runGroup(
      'metrics',
      () => {
        into['metrics.window'] = figure(12);
        throw new Error('table not found');
      },
      into,
    );
    const second = await runGroup(
      'workflow',
      async () => {
        into['workflow.referral'] = figure(3);
      },
      into,
    );
    expect([first, second]).toEqual([false, true]);
    expect(into).toEqual({
      'metrics.window': figure(12),
      metrics: { ok: false, failed: true, error: 'table not found' },
      'workflow.referral': figure(3),
    });
    expect(Object.values(into).filter(isFailure)).toHaveLength(1);
  });

  it('records what a group threw that is not an Error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const into: Record<string, Entry> = {};
    await runGroup('field', () => Promise.reject('Chromium did not start'), into);
    expect(into.field).toEqual({ ok: false, failed: true, error: 'Chromium did not start' });
  });

  it('writes its figures over the earlier ones, and a group that completed drops its earlier failure', () => {
    const earlier: Record<string, Entry> = {
      'metrics.window': figure(10),
      'ingest.cpu': figure(5),
      metrics: { ok: false, failed: true, error: 'old' },
      field: { ok: false, failed: true, error: 'still failing' },
    };
    const now: Record<string, Entry> = {
      'metrics.window': figure(11),
      field: { ok: false, failed: true, error: 'new reason' },
    };
    expect(mergeResults(earlier, now, ['metrics'])).toEqual({
      'metrics.window': figure(11),
      'ingest.cpu': figure(5),
      field: { ok: false, failed: true, error: 'new reason' },
    });
  });
});
