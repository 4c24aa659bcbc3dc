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
      setState({
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof ApiError ? { status: error.status } : {}),
        loading: false,
      });
    }
  }, deps);
  // asked for as soon as the page is rendered, not after the browser's next frame
  useLayoutEffect(() => {
    void reload();
  }, [reload]);
  return { data: state.data, error: state.error, status: state.status, loading: state.loading, reload };
}
