// How long to wait before trying to send again after consecutive failures: doubling, capped, jittered.
export const FIRST_RETRY_MS = 5_000;
export const LONGEST_RETRY_MS = 5 * 60_000;

/** `random` in [0, 1): the delay lies between half and all of the doubled step, so tabs and devices spread out. */
export function retryDelayMs(failures: number, random: number = Math.random()): number {
  if (failures <= 0) return 0;
  const step = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 20));
  return Math.round(step / 2 + (step / 2) * Math.min(Math.max(random, 0), 1));
}
