// Charts and the map, drawn as SVG by Observable Plot. Pages never import this module: they draw through
// lazy-charts.tsx, which loads it (and Plot, d3 and the atlas with it) once there is something to draw.
import * as Plot from '@observablehq/plot';
import { geoAlbersUsa } from 'd3-geo';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import states from 'us-atlas/states-albers-10m.json';
import { COMPLIANCE_COLOURS, complianceClass } from './compliance-classes.js';
import type { ComplianceEntry, Period } from './data/metrics.js';

const adopted = new Set<string>();
/**
 * Plot puts the same small style sheet in every chart (and legend) it draws: each one added to the page makes the
 * browser match the whole page's styles again. The first of each goes to the document's head, once; the copies go.
 */
function adoptStyles(chart: Element): void {
  for (const style of chart.querySelectorAll('style')) {
    const css = style.textContent ?? '';
    if (!adopted.has(css)) {
      adopted.add(css);
      document.head.append(style);
    } else style.remove();
  }
}

/** Draws the chart `make` returns, again only when `data` (what it is drawn from) changes, not on every render. */
function PlotFigure({
  make,
  label,
  data,
}: {
  make: () => SVGSVGElement | HTMLElement;
  label: string;
  data: readonly unknown[];
}) {
  const holder = useRef<HTMLDivElement>(null);
  // `make` is a new closure on each render: the chart is drawn again only when what it is drawn from changes; drawn
  // before the browser paints, so that no empty frame is shown first
  useLayoutEffect(() => {
    const chart = make();
    // the chart is one image with one label (and a table beside it): Plot's labels on its groups would be noise
    for (const labelled of chart.querySelectorAll('[aria-label], [aria-description]')) {
      labelled.removeAttribute('aria-label');
      labelled.removeAttribute('aria-description');
    }
    adoptStyles(chart);
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', label);
    holder.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [label, ...data]);
  return <div class="chart" ref={holder} />;
}

const topology = states as unknown as Topology<{ states: GeometryCollection; nation: GeometryCollection }>;
const nation = feature(topology, topology.objects.nation);
const stateLines = mesh(topology, topology.objects.states, (a, b) => a !== b);

/** The projection us-atlas drew its states with (975×610): the ports' coordinates go through the same one. */
const albersUsa = geoAlbersUsa().scale(1300).translate([487.5, 305]);

export interface PortMapProps {
  rows: ComplianceEntry[];
  onPort: (code: string) => void;
}

const MAP_WIDTH = 760;
const MAP_HEIGHT = 460;
/** The atlas is projected already (at build): the identity keeps the browser from projecting it again. */
const MAP_PROJECTION = { type: 'identity', domain: nation } as const;

let outlines: string | undefined;
/**
 * The state outlines never change: drawn once by Plot at the map's size and projection, kept as an image, and laid
 * under each map's dots (the browser keeps the decoded image; a few thousand path points are not drawn again per map).
 */
function outlinesImage(): string {
  if (!outlines) {
    const svg = Plot.plot({
      projection: MAP_PROJECTION,
      width: MAP_WIDTH,
      height: MAP_HEIGHT,
      marks: [
        Plot.geo(nation, { fill: '#eef2f5', stroke: '#9aa5b1' }),
        Plot.geo(stateLines, { stroke: '#c3ccd5', strokeWidth: 0.6 }),
      ],
    });
    const source = new XMLSerializer().serializeToString(svg);
    outlines = URL.createObjectURL(new Blob([source], { type: 'image/svg+xml' }));
  }
  return outlines;
}

export interface PortMapProps {
  rows: ComplianceEntry[];
  onPort: (code: string) => void;
}

/** The ports as dots at their coordinates over the state outlines, coloured by 28-day compliance, sized by exits. */
export function PortMap({ rows, onPort }: PortMapProps) {
  const opened = useRef(onPort);
  opened.current = onPort;
  const make = () => {
    // biggest first, so that small ports stay on top, and in the order Plot draws them (it keeps the data's order)
    const placed = rows
      .flatMap((row) => {
        const at = row.latitude !== null && row.longitude !== null ? albersUsa([row.longitude, row.latitude]) : null;
        return at ? [{ row, x: at[0], y: at[1] }] : [];
      })
      .sort((a, b) => b.row.exits28 - a.row.exits28);
    const chart = Plot.plot({
      projection: MAP_PROJECTION,
      width: MAP_WIDTH,
      height: MAP_HEIGHT,
      color: {
        domain: Object.keys(COMPLIANCE_COLOURS),
        range: Object.values(COMPLIANCE_COLOURS),
        legend: true,
        label: 'Compliance (28 days)',
      },
      r: { range: [3, 16], label: 'Exits (28 days)' },
      marks: [
        Plot.dot(placed, {
          x: 'x',
          y: 'y',
          r: (dot: (typeof placed)[number]) => dot.row.exits28,
          sort: null,
          fill: (dot: (typeof placed)[number]) => complianceClass(dot.row),
          fillOpacity: 0.8,
          stroke: '#fff',
          strokeWidth: 0.8,
          title: ({ row }: (typeof placed)[number]) =>
            `${row.name} (${row.portCode})\n${complianceClass(row)}: ${row.inspectionDays28} inspection days in 28, minimum ${row.minimumDaysPerWeek}/week\n${row.exits28.toLocaleString('en-US')} exits`,
        }),
      ],
    });
    // Plot wraps the map in a figure with its legend before it
    const svg = (chart instanceof SVGSVGElement ? chart : chart.querySelector(':scope > svg')) as SVGSVGElement;
    svg.style.background = `url("${outlinesImage()}") 0 0 / 100% 100% no-repeat`;
    // each dot opens its port's page (one listener for all of them)
    const dots = Array.from(svg.querySelectorAll('circle'));
    for (const dot of dots) dot.style.cursor = 'pointer';
    svg.addEventListener('click', (event) => {
      const port = placed[dots.indexOf(event.target as SVGCircleElement)]?.row.portCode;
      if (port) opened.current(port);
    });
    return chart;
  };
  return (
    <PlotFigure
      make={make}
      label="Map of the ports of entry, coloured by compliance and sized by exits"
      data={[rows]}
    />
  );
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
  return <PlotFigure make={make} label={`${label} by ISO week`} data={[periods, field, series, rule]} />;
}
