// Pulse-and-surge operations: short enforcement windows at chosen ports, picked from intelligence or at random.
import * as z from 'zod/mini';
import { once } from './once.js';
import './zod-locale.js';
import { isPortScoped, type Principal } from './auth.js';
import type { FieldIssue } from './errors.js';
import { BORDERS, type Port, portCodeString } from './ports.js';
import { seededRandom } from './random.js';

export const SURGE_STATUSES = ['REQUESTED', 'SCHEDULED', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;
export type SurgeStatus = (typeof SURGE_STATUSES)[number];
export const OPEN_STATUSES: readonly SurgeStatus[] = ['REQUESTED', 'SCHEDULED', 'ACTIVE'];
export const MAX_WINDOW_DAYS = 14;

/** A request to schedule an operation, built by the first request that sends one. */
export const surgeRequestSchema = once(() => {
  const portCode = portCodeString('port codes are 4 digits');
  const offsetDateTime = (field: string) =>
    z.iso.datetime({ offset: true, error: `${field} must be an ISO-8601 date-time with an offset` });

  return z.strictObject({
    mode: z.enum(['random', 'intelligence'], 'mode must be random or intelligence'),
    ports: z.optional(z.array(portCode).check(z.minLength(1), z.maxLength(20))),
    /** Random mode only: choose among these ports (the daily compliance job's pulse among ports below minimum). */
    among: z.optional(z.array(portCode).check(z.minLength(1), z.maxLength(200))),
    count: z.optional(
      z
        .int('count must be a whole number')
        .check(z.minimum(1, 'count must be at least 1'), z.maximum(20, 'count is at most 20')),
    ),
    border: z.optional(z.enum(BORDERS, 'border must be US-Canada or US-Mexico')),
    state: z.optional(z.string().check(z.minLength(2), z.maxLength(40))),
    start: offsetDateTime('start'),
    end: offsetDateTime('end'),
    justification: z
      .string('justification is required')
      .check(z.trim(), z.minLength(10, 'justification must say why, in at least 10 characters'), z.maxLength(2000)),
    seed: z.optional(z.int().check(z.minimum(0), z.maximum(2 ** 31 - 1))),
  });
});
export type SurgeRequest = z.infer<ReturnType<typeof surgeRequestSchema>>;

/** What a request must also satisfy, beyond its shape; each problem names its field. */
export function requestProblems(request: SurgeRequest, now: Date): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const start = Date.parse(request.start);
  const end = Date.parse(request.end);
  if (start <= now.getTime()) problems.push({ field: 'start', message: 'start must be in the future' });
  if (end <= start) problems.push({ field: 'end', message: 'end must be after start' });
  else if (end - start > MAX_WINDOW_DAYS * 86_400_000)
    problems.push({ field: 'end', message: `an operation lasts at most ${MAX_WINDOW_DAYS} days` });
  if (request.mode === 'intelligence' && !request.ports)
    problems.push({ field: 'ports', message: 'an intelligence operation lists its ports' });
  if (request.mode === 'intelligence' && request.ports && new Set(request.ports).size !== request.ports.length) {
    problems.push({ field: 'ports', message: 'a port is listed twice' });
  }
  if (request.mode === 'random' && !request.count)
    problems.push({ field: 'count', message: 'a random operation says how many ports (count)' });
  if (request.mode === 'random' && request.ports)
    problems.push({
      field: 'ports',
      message: 'a random operation does not list ports (use among to limit the choice)',
    });
  if (request.mode === 'intelligence' && request.among)
    problems.push({ field: 'among', message: 'an intelligence operation lists its ports, not a pool' });
  return problems;
}

export interface Candidate {
  port: Port;
  belowMinimum: boolean;
  daysSinceLastInspection: number | null;
  hitRate: number | null;
}

export interface Weighted {
  portCode: string;
  weight: number;
  reasons: string[];
}

/** Favour ports below their minimum, long without an inspection, or with a high hit rate. */
export function weightOf(candidate: Candidate): Weighted {
  const reasons: string[] = [];
  let weight = 1;
  if (candidate.belowMinimum) {
    weight += 3;
    reasons.push('below its minimum inspection frequency');
  }
  const days = Math.min(candidate.daysSinceLastInspection ?? 60, 60);
  if (days >= 7) {
    weight += days / 15;
    reasons.push(
      candidate.daysSinceLastInspection === null
        ? 'no outbound inspection on record'
        : `${days} days since its last outbound inspection`,
    );
  }
  if (candidate.hitRate && candidate.hitRate > 0) {
    weight += Math.min(candidate.hitRate, 0.25) * 40;
    reasons.push(`hit rate ${candidate.hitRate.toFixed(3)}`);
  }
  return {
    portCode: candidate.port.code,
    weight: Math.round(weight * 1000) / 1000,
    reasons: reasons.length > 0 ? reasons : ['base weight'],
  };
}

export interface Selection extends Weighted {
  /** The draw (in [0, 1)) that picked it. */
  draw: number;
}

/** Weighted random choice of `count` distinct ports, reproducible from `seed`; excluded ports are never chosen. */
export function selectPorts(
  candidates: readonly Candidate[],
  count: number,
  seed: number,
  excluded: ReadonlySet<string> = new Set(),
): Selection[] {
  const random = seededRandom(seed);
  const pool = candidates
    .filter(
      (c, i, all) =>
        c.port.active && !excluded.has(c.port.code) && all.findIndex((o) => o.port.code === c.port.code) === i,
    )
    .map(weightOf)
    .sort((a, b) => a.portCode.localeCompare(b.portCode));
  const chosen: Selection[] = [];
  while (chosen.length < count && pool.length > 0) {
    const total = pool.reduce((sum, p) => sum + p.weight, 0);
    const draw = random();
    let target = draw * total;
    let index = 0;
    while (index < pool.length - 1 && target >= (pool[index] as Weighted).weight) {
      target -= (pool[index] as Weighted).weight;
      index++;
    }
    const [picked] = pool.splice(index, 1) as [Weighted];
    chosen.push({ ...picked, draw: Math.round(draw * 1e6) / 1e6 });
  }
  return chosen;
}

export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

export interface SurgeResults {
  inspections: number;
  seizures: number;
  hitRate: number | null;
  baselineInspections: number;
  baselineSeizures: number;
  baselineHitRate: number | null;
  /** Seizure rate in the window minus the baseline's (percentage points as a fraction); null without a baseline. */
  lift: number | null;
}

/** An operation's results as the weekly report and the cost-benefit analysis show them. */
export type SurgeOutcome = Pick<SurgeResults, 'inspections' | 'seizures' | 'hitRate' | 'baselineHitRate' | 'lift'>;

export interface SurgeSummary extends SurgeOutcome {
  surgeId: string;
  ports: string[];
  start: string;
  end: string;
}

const rate = (seizures: number, inspections: number) =>
  inspections > 0 ? Math.round((seizures / inspections) * 1000) / 1000 : null;

export function surgeResults(
  window: { inspections: number; seizures: number },
  baseline: { inspections: number; seizures: number },
): SurgeResults {
  const hitRate = rate(window.seizures, window.inspections);
  const baselineHitRate = rate(baseline.seizures, baseline.inspections);
  return {
    ...window,
    hitRate,
    baselineInspections: baseline.inspections,
    baselineSeizures: baseline.seizures,
    baselineHitRate,
    lift: hitRate !== null && baselineHitRate !== null ? Math.round((hitRate - baselineHitRate) * 1000) / 1000 : null,
  };
}

/** Whether an inspection at `startedAt` falls in the window shifted back by `days` days (the baseline's same hours). */
export function inShiftedWindow(startedAt: string, window: { start: string; end: string }, days: number): boolean {
  const t = Date.parse(startedAt) + days * 86_400_000;
  return t >= Date.parse(window.start) && t < Date.parse(window.end);
}

/** A surge operation as it is kept: the request, the ports chosen, the execution, the results. */
export interface Surge {
  surgeId: string;
  status: SurgeStatus;
  request: SurgeRequest;
  start: string;
  end: string;
  mode: SurgeRequest['mode'];
  ports: string[];
  seed?: number;
  selection?: Selection[];
  executionArn?: string;
  results?: SurgeResults;
  cancelled?: { by: string; reason: string; at: string };
  failure?: { error: string; cause: string };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEntry {
  at: string;
  status: SurgeStatus;
  by: string;
  detail?: string;
}

/** Headquarters sees every operation; a port's supervisor those at the port. */
export function canSeeSurge(caller: Principal, surge: Surge): boolean {
  return !isPortScoped(caller) || (caller.port !== undefined && surge.ports.includes(caller.port));
}

/**
 * What a port's supervisor sees of an operation: when and how it runs at that port. Headquarters' justification,
 * its reasons for cancelling, the other ports and the selection weights stay at headquarters.
 */
export function portView(surge: Surge, port: string) {
  return {
    surgeId: surge.surgeId,
    status: surge.status,
    start: surge.start,
    end: surge.end,
    ports: [port],
    ...(surge.cancelled ? { cancelled: { at: surge.cancelled.at } } : {}),
    createdAt: surge.createdAt,
    updatedAt: surge.updatedAt,
  };
}
