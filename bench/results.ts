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

export const results: Record<string, Result> = {};
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
