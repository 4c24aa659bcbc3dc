// `outbound demo`'s surge operation: an intelligence operation at the demo's busiest southern ports, a few minutes
// long, with the inspections of the same hours on the 28 uploaded days before it (its baseline) and those its officers
// make during it, followed until its results against the baseline are in.
import type { Port } from '../functions/domain/ports.js';
import { seededRandom } from '../functions/domain/random.js';
import type { ApiClient } from './api-client.js';
import { type DemoBatch, offsetOf } from './demo-data.js';

const BASELINE_DAYS = 28;
const WINDOW_MS = 2 * 60_000;
const PORTS = 3;

export interface SurgeWindow {
  start: string;
  end: string;
}

/** An instant written in a port's own offset, as its officers' handhelds write it. */
function localIso(ms: number, offset: string): string {
  const minutes = (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
}

/** One inspection; about one in `oneIn` ends in a currency seizure. */
function inspectionAt(port: Port, recordId: string, at: number, rand: () => number, oneIn: number, surgeId?: string) {
  const seized = rand() < 1 / oneIn;
  return {
    recordId,
    portCode: port.code,
    deviceId: `HH-${port.code}-${1 + Math.floor(rand() * 4)}`,
    officerId: `OFF-${port.code}-${1 + Math.floor(rand() * 12)}`,
    startedAt: localIso(at, offsetOf(port.state)),
    mode: 'personal_vehicle',
    techniques: seized ? ['interview', 'physical'] : ['interview', 'declaration'],
    travelers: 1 + Math.floor(rand() * 3),
    findings: seized ? [{ type: 'currency', amountUsd: Math.round(12_000 + rand() * 60_000), declared: false }] : [],
    disposition: seized ? 'seized' : 'cleared',
    staffMinutes: seized ? 45 + Math.floor(rand() * 60) : 8 + Math.floor(rand() * 20),
    ...(surgeId ? { surgeId } : {}),
  };
}

function batchOf(port: Port, batchId: string, rows: Record<string, unknown>[]): DemoBatch {
  return {
    kind: 'inspections',
    portCode: port.code,
    format: 'jsonl',
    batchId,
    body: `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`,
    records: rows.length,
    repeat: false,
  };
}

/** The ordinary inspections at each port in the window's hours on each of the 28 days before it (no surge). */
export function baselineBatches(ports: readonly Port[], window: SurgeWindow, surgeId: string, seed: number) {
  const rand = seededRandom(seed);
  const start = Date.parse(window.start);
  const span = Date.parse(window.end) - start;
  return ports.map((port) => {
    const rows = [];
    for (let day = 1; day <= BASELINE_DAYS; day++)
      for (let i = 0; i < 3; i++)
        rows.push(inspectionAt(port, `${surgeId}-b${day}-${i}`, start + rand() * span - day * 86_400_000, rand, 25));
    return batchOf(port, `${surgeId}-baseline-${port.code}`, rows);
  });
}

/** The operation's own inspections, each naming it, made between its start and `now`. */
export function surgeBatches(ports: readonly Port[], window: SurgeWindow, surgeId: string, now: number, seed: number) {
  const rand = seededRandom(seed + 1);
  const start = Date.parse(window.start);
  return ports.map((port) => {
    const rows = Array.from({ length: 20 }, (_, i) =>
      inspectionAt(port, `${surgeId}-s${i}`, start + rand() * (now - start), rand, 6, surgeId),
    );
    return batchOf(port, `${surgeId}-window-${port.code}`, rows);
  });
}

interface SurgeAnswer {
  status: string;
  results?: Record<string, number | null>;
}

async function waitFor(api: ApiClient, surgeId: string, done: (s: SurgeAnswer) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const surge = await api.call<SurgeAnswer>('GET', `/surges/${encodeURIComponent(surgeId)}`);
    if (done(surge) || ['FAILED', 'CANCELLED'].includes(surge.status) || Date.now() > deadline) return surge;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Schedules the operation, uploads its baseline and its inspections, and waits for its results (about 3 minutes). */
export async function runDemoSurge(
  api: ApiClient,
  options: {
    ports: readonly Port[];
    seed: number;
    upload: (batch: DemoBatch) => Promise<void>;
    log: (line: string) => void;
  },
): Promise<boolean> {
  const ports = options.ports.slice(0, PORTS);
  const startMs = Date.now() + 30_000;
  const window = { start: new Date(startMs).toISOString(), end: new Date(startMs + WINDOW_MS).toISOString() };
  const { surgeId } = await api.call<{ surgeId: string }>('POST', '/surges', {
    mode: 'intelligence',
    ports: ports.map((port) => port.code),
    ...window,
    justification: 'Demo: a pulse at the busiest southern ports, measured against the same hours of the 28 days before',
  });
  options.log(
    `surge operation ${surgeId} at ${ports.map((p) => `${p.name} (${p.code})`).join(', ')}, ${window.start} to ${window.end}: scheduling it and uploading its baseline…`,
  );
  // the ports are chosen before any upload (the workflow's first step), then the baseline goes up while it waits
  const scheduled = await waitFor(api, surgeId, (s) => s.status !== 'REQUESTED', 120_000);
  if (scheduled.status === 'REQUESTED') options.log(`surge operation ${surgeId} is still being scheduled`);
  for (const batch of baselineBatches(ports, window, surgeId, options.seed)) await options.upload(batch);
  const active = await waitFor(api, surgeId, (s) => s.status === 'ACTIVE' || s.status === 'COMPLETED', 120_000);
  if (active.status !== 'ACTIVE' && active.status !== 'COMPLETED') {
    options.log(`surge operation ${surgeId} did not open: ${active.status}`);
    return false;
  }
  options.log('the operation is open: uploading its inspections, then waiting for its results…');
  for (const batch of surgeBatches(ports, window, surgeId, Date.now(), options.seed)) await options.upload(batch);
  const completed = await waitFor(api, surgeId, (s) => s.status === 'COMPLETED', WINDOW_MS + 180_000);
  const r = completed.results;
  if (completed.status !== 'COMPLETED' || !r) {
    options.log(`surge operation ${surgeId} ended ${completed.status}, with no results`);
    return false;
  }
  options.log(
    `surge operation ${surgeId} completed: ${r.inspections} inspections, ${r.seizures} seizures (hit rate ${r.hitRate}) against a baseline of ${r.baselineInspections} inspections, ${r.baselineSeizures} seizures (hit rate ${r.baselineHitRate}); lift ${r.lift}. See it in the console under Surge operations.`,
  );
  return true;
}
