// One value per key, kept per container: callers arriving together share one computation, a failed one is not kept.

export class SharedValue<T> {
  private entry: { key: string; value: Promise<T> } | undefined;

  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.entry?.key === key) return this.entry.value;
    const entry = { key, value: compute() };
    this.entry = entry;
    entry.value.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return entry.value;
  }

  forget(): void {
    this.entry = undefined;
  }
}

/** The current `ms`-long slot of the clock, as a key: a value kept under it is computed at most once per slot. */
export function timeSlot(ms: number, now = Date.now()): string {
  return `t${Math.floor(now / ms)}`;
}
