// The figures of a benchmark run: each beside its baseline and its budget, kept in bench/results.json.

export interface Result {
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  budget: string;
  ok: boolean;
  detail?: Record<string, unknown>;
}

/** A group of benchmarks that threw: kept under the group's name, with what it said. */
export interface GroupFailure {
  ok: false;
  failed: true;
  error: string;
}

export type Entry = Result | GroupFailure;

export const results: Record<string, Entry> = {};
export const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
/** The 95% confidence interval of the median, from the order statistics (no assumption about the distribution). */
export function medianInterval(xs: number[]): [number, number] {
  const sorted = [...xs].sort((a, b) => a - b);
  const half = 0.98 * Math.sqrt(sorted.length);
  const at = (rank: number) => sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
  return [at(Math.floor(sorted.length / 2 - half)), at(Math.ceil(sorted.length / 2 + half))];
}

/**
 * One pair of a paired measurement: both sides, the order alternating with the pair's index, so that the machine's
 * drift falls on both alike; the answers in the order the sides are named.
 */
export async function pairInAlternatingOrder<A, B>(
  index: number,
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<[A, B]> {
  if (index % 2 === 0) {
    const a = await first();
    return [a, await second()];
  }
  const b = await second();
  return [await first(), b];
}

/** When a paired measurement has enough pairs: their median moved little in the last round, and is known closely. */
export interface Settling {
  perRound: number;
  minPairs: number;
  maxPairs: number;
  /** A further round moves the median by no more than this… */
  stable: number;
  /** …and its 95% interval is no wider than this. */
  intervalWidth: number;
}

/**
 * Takes pairs in rounds until the median of their figures settles (or `maxPairs` are taken: on a loaded machine the
 * wide interval then says the run cannot judge the budget).
 */
export async function pairsUntilSettled<P>(
  take: (index: number) => Promise<P>,
  figure: (pair: P) => number,
  settling: Settling,
): Promise<{ pairs: P[]; movedByLastRound: number; interval: [number, number] }> {
  const pairs: P[] = [];
  const figures = () => pairs.map(figure);
  let moved = Number.POSITIVE_INFINITY;
  while (pairs.length < settling.maxPairs) {
    const before = pairs.length > 0 ? median(figures()) : Number.NaN;
    for (let i = 0; i < settling.perRound; i++) pairs.push(await take(pairs.length));
    moved = Math.abs(median(figures()) - before);
    const [low, high] = medianInterval(figures());
    if (pairs.length >= settling.minPairs && moved <= settling.stable && high - low <= settling.intervalWidth) break;
  }
  return { pairs, movedByLastRound: moved, interval: medianInterval(figures()) };
}

export const isFailure = (entry: Entry): entry is GroupFailure => 'failed' in entry;

/**
 * Runs one group of benchmarks and says whether it completed. One that throws is recorded as failed under the group's
 * name and the run goes on, so the other groups' figures are not lost.
 */
export async function runGroup(name: string, run: () => unknown, into: Record<string, Entry> = results) {
  try {
    await run();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`benchmark group ${name} failed: ${message}`);
    into[name] = { ok: false, failed: true, error: message };
    return false;
  }
}

/** The results file after a run: this run's figures over the earlier ones; a group that completed drops its failure. */
export function mergeResults(earlier: Record<string, Entry>, now: Record<string, Entry>, completed: string[]) {
  const kept = Object.entries(earlier).filter(([name, entry]) => !(isFailure(entry) && completed.includes(name)));
  return { ...Object.fromEntries(kept), ...now };
}
