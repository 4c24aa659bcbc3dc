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
    setState((current) => ({ ...current, loading: true }));
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
