// Charts and the map, drawn as SVG by Observable Plot. Pages never import this module: they draw through
// lazy-charts.tsx, which loads it (and Plot, d3 and the atlas with it) once there is something to draw.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'preact/hooks';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import states from 'us-atlas/states-10m.json';
import { COMPLIANCE_COLOURS, complianceClass } from './compliance-classes.js';
import type { ComplianceEntry, Period } from './data/metrics.js';

function PlotFigure({ make, label }: { make: () => SVGSVGElement | HTMLElement; label: string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = make();
    // the chart is one image with one label (and a table beside it): Plot's labels on its groups would be noise
    for (const labelled of chart.querySelectorAll('[aria-label], [aria-description]')) {
      labelled.removeAttribute('aria-label');
      labelled.removeAttribute('aria-description');
    }
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', label);
    holder.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [make, label]);
  return <div class="chart" ref={holder} />;
}

const topology = states as unknown as Topology<{ states: GeometryCollection; nation: GeometryCollection }>;
const nation = feature(topology, topology.objects.nation);
const stateLines = mesh(topology, topology.objects.states, (a, b) => a !== b);

/** The ports as dots at their coordinates over the state outlines, coloured by 28-day compliance, sized by exits. */
export interface PortMapProps {
  rows: ComplianceEntry[];
  onPort: (code: string) => void;
}

export function PortMap({ rows, onPort }: PortMapProps) {
  const make = () => {
    const placed = rows.filter((row) => row.latitude !== null && row.longitude !== null);
    const chart = Plot.plot({
      projection: 'albers-usa',
      width: 760,
      height: 460,
      color: {
        domain: Object.keys(COMPLIANCE_COLOURS),
        range: Object.values(COMPLIANCE_COLOURS),
        legend: true,
        label: 'Compliance (28 days)',
      },
      r: { range: [3, 16], label: 'Exits (28 days)' },
      marks: [
        Plot.geo(nation, { fill: '#eef2f5', stroke: '#9aa5b1' }),
        Plot.geo(stateLines, { stroke: '#c3ccd5', strokeWidth: 0.6 }),
        Plot.dot(placed, {
          x: 'longitude',
          y: 'latitude',
          r: 'exits28',
          fill: (row: ComplianceEntry) => complianceClass(row),
          fillOpacity: 0.8,
          stroke: '#fff',
          strokeWidth: 0.8,
          title: (row: ComplianceEntry) =>
            `${row.name} (${row.portCode})\n${complianceClass(row)}: ${row.inspectionDays28} inspection days in 28, minimum ${row.minimumDaysPerWeek}/week\n${row.exits28.toLocaleString('en-US')} exits`,
        }),
      ],
    });
    // each dot opens its port's page
    const dots = chart.querySelectorAll('circle');
    dots.forEach((dot, index) => {
      const row = placed[index];
      if (!row) return;
      dot.style.cursor = 'pointer';
      dot.addEventListener('click', () => onPort(row.portCode));
    });
    return chart;
  };
  return <PlotFigure make={make} label="Map of the ports of entry, coloured by compliance and sized by exits" />;
}

/** One figure per ISO week, as a line with dots (and the minimum as a rule when given). */
export interface TrendChartProps {
  periods: Array<Period & { series?: string }>;
  field: keyof Period;
  label: string;
  series?: boolean;
  rule?: number;
}

export function TrendChart({ periods, field, label, series, rule }: TrendChartProps) {
  const make = () =>
    Plot.plot({
      width: 1000,
      height: 280,
      marginLeft: 60,
      marginBottom: 60,
      x: { label: 'ISO week', tickRotate: -30 },
      y: { label, grid: true, zero: true },
      color: series ? { legend: true } : undefined,
      marks: [
        Plot.lineY(periods, { x: 'period', y: field, stroke: series ? 'series' : '#0b4f8a', marker: 'circle' }),
        ...(rule !== undefined ? [Plot.ruleY([rule], { stroke: '#b3261e', strokeDasharray: '4,3' })] : []),
      ],
    });
  return <PlotFigure make={make} label={`${label} by ISO week`} />;
}
