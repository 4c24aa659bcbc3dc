// Loads a page's data and reloads it on demand: { data, error, loading, reload }.
import { useCallback, useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  status: number | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

/** What a page shows of a load that failed: the message, and the API's status when the API answered. */
function failureOf(reason: unknown): { error: string; status?: number } {
  return {
    error: reason instanceof Error ? reason.message : String(reason),
    ...(reason instanceof ApiError ? { status: reason.status } : {}),
  };
}

export function useData<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; status?: number; loading: boolean }>({
    loading: true,
  });
  const reload = useCallback(async () => {
    // already loading (the first load): the same state, so the page is not rendered again for nothing
    setState((current) => (current.loading ? current : { ...current, loading: true }));
    try {
      const data = await load();
      setState({ data, loading: false });
    } catch (error) {
      setState({ ...failureOf(error), loading: false });
    }
  }, deps);
  // asked for as soon as the page is rendered, not after the browser's next frame
  useLayoutEffect(() => {
    void reload();
  }, [reload]);
  return { data: state.data, error: state.error, status: state.status, loading: state.loading, reload };
}

type Loads = Record<string, () => Promise<unknown>>;
type Settled = { data?: unknown; error?: string; status?: number };

/**
 * Several loads of one page, asked for together and shown together: the page renders once, when the last one has
 * answered (each keeps its own data or error), not once per answer. `reload` on any of them asks for all again.
 */
export function useDataTogether<T extends Loads>(
  loads: T,
  deps: readonly unknown[],
): { [K in keyof T]: Loaded<Awaited<ReturnType<T[K]>>> } {
  const [state, setState] = useState<{ settled?: Record<string, Settled>; loading: boolean }>({ loading: true });
  const reload = useCallback(async () => {
    // already loading (the first load): the same state, so the page is not rendered again for nothing
    setState((current) => (current.loading ? current : { ...current, loading: true }));
    const names = Object.keys(loads);
    const answers = await Promise.allSettled(names.map((name) => (loads[name] as () => Promise<unknown>)()));
    const settled: Record<string, Settled> = {};
    names.forEach((name, index) => {
      const answer = answers[index] as PromiseSettledResult<unknown>;
      if (answer.status === 'fulfilled') settled[name] = { data: answer.value };
      else settled[name] = failureOf(answer.reason);
    });
    setState({ settled, loading: false });
  }, deps);
  useLayoutEffect(() => {
    void reload();
  }, [reload]);
  return Object.fromEntries(
    Object.keys(loads).map((name) => {
      const settled = state.settled?.[name];
      return [
        name,
        { data: settled?.data, error: settled?.error, status: settled?.status, loading: state.loading, reload },
      ];
    }),
  ) as { [K in keyof T]: Loaded<Awaited<ReturnType<T[K]>>> };
}
