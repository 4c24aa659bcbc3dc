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
