// The map and the charts as the pages use them: Observable Plot, d3 and the atlas (three quarters of the console's
// JavaScript) load once a page has data to draw, so the figures and tables beside them never wait for them.
import { useEffect, useState } from 'preact/hooks';
import type { PortMapProps, TrendChartProps } from './charts.js';

type Charts = typeof import('./charts.js');

let loading: Promise<Charts> | undefined;
/** Once loaded, the charts draw in the same render (no extra frame waiting for the module). */
let loaded: Charts | undefined;
const loadCharts = () => {
  loading ??= import('./charts.js').then((charts) => {
    loaded = charts;
    return charts;
  });
  return loading;
};

/** Starts loading the charts while a page's data is still on its way (a failure is shown where a chart is drawn). */
export function preloadCharts(): void {
  loadCharts().catch(() => undefined);
}

function useCharts(): { charts?: Charts; error?: string } {
  const [state, setState] = useState<{ charts?: Charts; error?: string }>(() => (loaded ? { charts: loaded } : {}));
  useEffect(() => {
    if (state.charts) return;
    let live = true;
    loadCharts().then(
      (charts) => live && setState({ charts }),
      (error: unknown) => {
        loading = undefined;
        if (live) setState({ error: String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [state.charts]);
  return state;
}

function Drawing({ what, error }: { what: string; error?: string }) {
  if (error)
    return (
      <p role="alert" class="notice error">
        The {what} could not be drawn: {error}
      </p>
    );
  return (
    <p aria-busy="true" class="muted chart-pending">
      Drawing the {what}…
    </p>
  );
}

export function PortMap(props: PortMapProps) {
  const { charts, error } = useCharts();
  return charts ? <charts.PortMap {...props} /> : <Drawing what="map" error={error} />;
}

export function TrendChart(props: TrendChartProps) {
  const { charts, error } = useCharts();
  return charts ? <charts.TrendChart {...props} /> : <Drawing what="chart" error={error} />;
}
