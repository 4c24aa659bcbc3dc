// The surge workflow's steps: select the ports, notify them, open and close the window, measure the results.
import * as z from 'zod/mini';
import { once } from '../domain/once.js';
import '../domain/zod-locale.js';
import { portStandings } from '../compliance/standings.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { addDays } from '../domain/metrics.js';
import { isSeizure } from '../domain/records/rules.js';
import {
  type Candidate,
  inShiftedWindow,
  OPEN_STATUSES,
  overlaps,
  type Selection,
  selectPorts,
  surgeResults,
} from '../domain/surges.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { SurgeTaskDeps } from './interfaces.js';

/** Built by the first event the function receives. */
export const surgeTaskInputSchema = once(() =>
  z.object({
    action: z.enum(['select', 'notify', 'activate', 'results', 'fail']),
    surgeId: z.string().check(z.minLength(1)),
    error: z.optional(z.object({ Error: z.string(), Cause: z.optional(z.string()) })),
  }),
);
export type SurgeTaskInput = z.infer<ReturnType<typeof surgeTaskInputSchema>>;

const WORKFLOW = 'surge-workflow';

async function busyPorts(
  deps: SurgeTaskDeps,
  window: { surgeId: string; start: string; end: string },
): Promise<Set<string>> {
  const open = (await Promise.all(OPEN_STATUSES.map((status) => deps.surges.byStatus(status)))).flat();
  return new Set(open.filter((s) => s.surgeId !== window.surgeId && overlaps(s, window)).flatMap((s) => s.ports));
}

async function candidates(deps: SurgeTaskDeps, today: string): Promise<Candidate[]> {
  return (await portStandings(deps, today)).map(({ port, compliance, hitRate }) => ({
    port,
    belowMinimum: !compliance.compliant7,
    daysSinceLastInspection: compliance.daysSinceLastInspection,
    hitRate,
  }));
}

async function select(deps: SurgeTaskDeps, surgeId: string): Promise<{ status: string; ports: string[] }> {
  const surge = await deps.surges.get(surgeId);
  if (!surge) throw new ValidationError(`no operation ${surgeId}`);
  if (surge.status !== 'REQUESTED') return { status: surge.status, ports: surge.ports };
  const request = surge.request;
  const busy = await busyPorts(deps, surge);
  const registry = await deps.ports();
  let selection: Selection[];
  let seed: number | undefined;
  if (request.mode === 'intelligence') {
    const listed = request.ports ?? [];
    const problems = listed.flatMap((code) => {
      const port = registry.get(code);
      if (!port) return [`${code} is not in the port registry`];
      if (!port.active) return [`${code} (${port.name}) is not an active port`];
      if (busy.has(code)) return [`${code} (${port.name}) is already in an operation overlapping this window`];
      return [];
    });
    if (problems.length > 0) throw new ValidationError(problems.join('; '));
    selection = listed.map((code) => ({ portCode: code, weight: 1, reasons: ['named by intelligence'], draw: 0 }));
  } else {
    seed = request.seed ?? Math.floor(deps.now().getTime() % 2_147_483_647);
    const pool = (await candidates(deps, deps.now().toISOString().slice(0, 10))).filter(
      (c) =>
        (!request.border || c.port.border === request.border) &&
        (!request.state || c.port.state === request.state) &&
        (!request.among || request.among.includes(c.port.code)),
    );
    selection = selectPorts(pool, request.count ?? 1, seed, busy);
    if (selection.length === 0)
      throw new ValidationError(
        'no eligible port: every candidate is inactive, filtered out, or already in an overlapping operation',
      );
  }
  const ports = selection.map((s) => s.portCode);
  await deps.surges.assign(surge, ports);
  await deps.surges.transition(
    surgeId,
    ['REQUESTED'],
    'SCHEDULED',
    { ports, selection, ...(seed !== undefined ? { seed } : {}) },
    {
      by: WORKFLOW,
      at: deps.now().toISOString(),
      detail: `${request.mode} selection: ${ports.join(', ')}${seed !== undefined ? ` (seed ${seed})` : ''}`,
    },
  );
  return { status: 'SCHEDULED', ports };
}

async function results(deps: SurgeTaskDeps, surgeId: string) {
  const surge = await deps.surges.get(surgeId);
  if (!surge) throw new ValidationError(`no operation ${surgeId}`);
  const window = { start: surge.start, end: surge.end };
  const tally = { window: { inspections: 0, seizures: 0 }, baseline: { inspections: 0, seizures: 0 } };
  await mapWithConcurrency(surge.ports, 4, async (port) => {
    const from = addDays(surge.start.slice(0, 10), -30);
    const to = addDays(surge.end.slice(0, 10), 1);
    for (const { data } of await deps.records.inspections(port, from, to)) {
      const seized = isSeizure(data) ? 1 : 0;
      if (data.surgeId === surgeId || inShiftedWindow(data.startedAt, window, 0)) {
        tally.window.inspections++;
        tally.window.seizures += seized;
      } else if (!data.surgeId) {
        for (let days = 1; days <= 28; days++) {
          if (inShiftedWindow(data.startedAt, window, days)) {
            tally.baseline.inspections++;
            tally.baseline.seizures += seized;
            break;
          }
        }
      }
    }
  });
  const measured = surgeResults(tally.window, tally.baseline);
  await deps.surges.transition(
    surgeId,
    ['ACTIVE'],
    'COMPLETED',
    { results: measured },
    { by: WORKFLOW, at: deps.now().toISOString() },
  );
  await deps.mailer.send({
    to: [deps.addresses.hq],
    subject: `Surge operation ${surgeId} completed at ${surge.ports.length} ports`,
    text: [
      `Surge operation ${surgeId} (${surge.mode}) at ${surge.ports.join(', ')}, ${surge.start} to ${surge.end}.`,
      `In the window: ${measured.inspections} inspections, ${measured.seizures} seizures, hit rate ${measured.hitRate ?? '—'}.`,
      `Baseline (previous 28 days, same hours): ${measured.baselineInspections} inspections, ${measured.baselineSeizures} seizures, hit rate ${measured.baselineHitRate ?? '—'}.`,
      `Lift: ${measured.lift ?? '— (no baseline)'}.`,
    ].join('\n'),
  });
  return { status: 'COMPLETED', results: measured };
}

export async function runSurgeTask(deps: SurgeTaskDeps, input: SurgeTaskInput): Promise<unknown> {
  const at = deps.now().toISOString();
  switch (input.action) {
    case 'select':
      return select(deps, input.surgeId);
    case 'notify': {
      const surge = await deps.surges.get(input.surgeId);
      if (!surge) throw new ValidationError(`no operation ${input.surgeId}`);
      const registry = await deps.ports();
      await mapWithConcurrency(surge.ports, 4, (code) =>
        deps.mailer.send({
          to: [deps.addresses.supervisors(code)],
          subject: `Surge operation ${surge.surgeId} at ${registry.get(code)?.name ?? code} (${code}), ${surge.start} to ${surge.end}`,
          text: `Headquarters scheduled an outbound surge operation at your port from ${surge.start} to ${surge.end}.\nTag the inspections of the window with surgeId "${surge.surgeId}".`,
        }),
      );
      return { notified: surge.ports.length };
    }
    case 'activate':
      await deps.surges.transition(input.surgeId, ['SCHEDULED'], 'ACTIVE', {}, { by: WORKFLOW, at });
      return { status: 'ACTIVE' };
    case 'results':
      return results(deps, input.surgeId);
    case 'fail': {
      const detail = `${input.error?.Error ?? 'Error'}: ${input.error?.Cause ?? ''}`.slice(0, 1000);
      await deps.surges
        .transition(
          input.surgeId,
          OPEN_STATUSES,
          'FAILED',
          { failure: { error: input.error?.Error ?? 'Error', cause: input.error?.Cause ?? '' } },
          { by: WORKFLOW, at, detail },
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConflictError)) throw error; // already cancelled or closed: nothing to mark
        });
      return { status: 'FAILED' };
    }
  }
}
