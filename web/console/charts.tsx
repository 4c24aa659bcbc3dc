// Charts and the map, drawn as SVG. Pages never import this module: they draw through lazy-charts.tsx, which loads it
// (and Plot, d3 and the atlas with it) once there is something to draw. Observable Plot draws the state outlines, once
// per visit; the dots and the trend lines are laid out here with d3's scales and drawn by Preact in the page's own
// render, in the look Plot gives them (its axes, grid, markers, colours and legend), without a Plot pass per chart.
import * as Plot from '@observablehq/plot';
import { geoAlbersUsa, geoIdentity, geoPath, geoTransform } from 'd3-geo';
import { scaleLinear, scalePoint, scaleSqrt } from 'd3-scale';
import { useMemo } from 'preact/hooks';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import states from 'us-atlas/states-albers-10m.json';
import { COMPLIANCE_COLOURS, complianceClass } from './compliance-classes.js';
import type { ComplianceEntry, Period } from './data/metrics.js';
import { formatWhole } from './format.js';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** What Plot sets on each chart's root: the charts keep its look. */
const SVG_DEFAULTS = {
  fill: 'currentColor',
  'font-family': 'system-ui, sans-serif',
  'font-size': 10,
  'text-anchor': 'middle',
} as const;

/** Plot's legend of a categorical colour: a swatch and a name each, above the chart. */
function Swatches({ entries }: { entries: ReadonlyArray<readonly [string, string]> }) {
  return (
    <div class="swatches">
      {entries.map(([name, colour]) => (
        <span key={name} class="swatch">
          <svg width="15" height="15" fill={colour} aria-hidden="true">
            <rect width="100%" height="100%" />
          </svg>
          {name}
        </span>
      ))}
    </div>
  );
}

const topology = states as unknown as Topology<{ states: GeometryCollection; nation: GeometryCollection }>;
const nation = feature(topology, topology.objects.nation);
const stateLines = mesh(topology, topology.objects.states, (a, b) => a !== b);

/** The projection us-atlas drew its states with (975×610): the ports' coordinates go through the same one. */
const albersUsa = geoAlbersUsa().scale(1300).translate([487.5, 305]);

const MAP_WIDTH = 760;
const MAP_HEIGHT = 460;
/**
 * The atlas is projected already (at build): the identity, scaled and centred to fill the map's frame as Plot would
 * fit it, keeps the browser from projecting it again. The outlines and the dots go through the same one.
 */
const [[x0, y0], [x1, y1]] = geoPath(geoIdentity()).bounds(nation);
const fit = Math.min(MAP_WIDTH / (x1 - x0), MAP_HEIGHT / (y1 - y0));
const fitX = (x: number) => x * fit - (fit * (x0 + x1) - MAP_WIDTH) / 2;
const fitY = (y: number) => y * fit - (fit * (y0 + y1) - MAP_HEIGHT) / 2;
const MAP_PROJECTION = geoTransform({
  point(x, y) {
    this.stream.point(fitX(x), fitY(y));
  },
});

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

const COMPLIANCE_LEGEND = Object.entries(COMPLIANCE_COLOURS);

/**
 * A dot's tooltip (its SVG title), made when the pointer first comes to the dot and kept up to date after: a title
 * for each of a hundred dots, made with the map, was a fifth of the overview's elements.
 */
function showTitle(dot: Element, text: string) {
  const title = dot.querySelector('title') ?? dot.appendChild(document.createElementNS(SVG_NAMESPACE, 'title'));
  if (title.textContent !== text) title.textContent = text;
}

/** The ports as dots at their coordinates over the state outlines, coloured by 28-day compliance, sized by exits. */
export function PortMap({ rows, onPort }: PortMapProps) {
  const dots = useMemo(() => {
    // biggest first, so that small ports stay on top
    const placed = rows
      .flatMap((row) => {
        const at = row.latitude !== null && row.longitude !== null ? albersUsa([row.longitude, row.latitude]) : null;
        return at ? [{ row, x: fitX(at[0]), y: fitY(at[1]) }] : [];
      })
      .sort((a, b) => b.row.exits28 - a.row.exits28);
    const radius = scaleSqrt()
      .domain([0, Math.max(0, ...placed.map(({ row }) => row.exits28))])
      .range([3, 16]);
    return placed.map(({ row, x, y }) => {
      const compliance = complianceClass(row);
      return {
        port: row.portCode,
        x,
        y,
        r: radius(row.exits28),
        fill: COMPLIANCE_COLOURS[compliance],
        title: `${row.name} (${row.portCode})\n${compliance}: ${row.inspectionDays28} inspection days in 28, minimum ${row.minimumDaysPerWeek}/week\n${formatWhole(row.exits28)} exits`,
      };
    });
  }, [rows]);
  return (
    <div class="chart">
      <figure role="img" aria-label="Map of the ports of entry, coloured by compliance and sized by exits">
        <Swatches entries={COMPLIANCE_LEGEND} />
        <svg
          {...SVG_DEFAULTS}
          width={MAP_WIDTH}
          height={MAP_HEIGHT}
          viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
          aria-hidden="true"
          style={{ background: `url("${outlinesImage()}") 0 0 / 100% 100% no-repeat` }}
        >
          {/* each dot opens its port's page, and shows its figures under the pointer (one listener each for all) */}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: the dots are a pointer's shortcut to the links beside the map */}
          {/* biome-ignore lint/a11y/useKeyWithMouseEvents: the dots take no focus; their figures are in the table and links beside the map */}
          <g
            fill-opacity="0.8"
            stroke="#fff"
            stroke-width="0.8"
            transform="translate(0.5,0.5)"
            style={{ cursor: 'pointer' }}
            onClick={(event) => {
              const port = (event.target as Element).getAttribute('data-port');
              if (port) onPort(port);
            }}
            onMouseOver={(event) => {
              const port = (event.target as Element).getAttribute('data-port');
              const dot = port ? dots.find((candidate) => candidate.port === port) : undefined;
              if (dot) showTitle(event.target as Element, dot.title);
            }}
          >
            {dots.map((dot) => (
              <circle key={dot.port} data-port={dot.port} cx={dot.x} cy={dot.y} r={dot.r} fill={dot.fill} />
            ))}
          </g>
        </svg>
      </figure>
    </div>
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

const WIDTH = 1000;
const HEIGHT = 280;
const MARGIN = { top: 20, right: 20, bottom: 60, left: 60 };
/** Plot's categorical colours (observable10), in the order of the series' sorted names. */
const SERIES_COLOURS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5'];
const LINE_COLOUR = '#0b4f8a';
/** Where Plot puts x tick labels rotated by 30°: below the 6-pixel tick, its padding and half a pixel. */
const X_LABELS_AT = 9.5 + 4 * Math.cos(Math.PI / 6);

/** The line's path through the points it has (a gap where a week has no figure), as Plot's lineY draws it. */
function linePath(points: Array<{ x: number; y: number | null }>): string {
  let d = '';
  let drawing = false;
  for (const { x, y } of points) {
    if (y === null) drawing = false;
    else {
      d += `${drawing ? 'L' : 'M'}${Math.round(x * 1000) / 1000},${Math.round(y * 1000) / 1000}`;
      drawing = true;
    }
  }
  return d;
}

/** One path of one step per item (the items' ticks or grid lines). */
function pathOf<T>(items: readonly T[], step: (item: T) => string): string {
  return items.map(step).join('');
}

const MARKER_RADIUS = 3;
/** The line's markers as one path of circles of Plot's size, one at each point it has. */
function markersPath(points: Array<{ x: number; y: number | null }>): string {
  const r = MARKER_RADIUS;
  return pathOf(points, ({ x, y }) =>
    y === null ? '' : `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`,
  );
}

export function TrendChart({ periods, field, label, series, rule }: TrendChartProps) {
  const chart = useMemo(() => {
    const value = (period: Period): number | null => {
      const v = period[field];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    };
    const weeks = [...new Set(periods.map((period) => period.period))];
    const x = scalePoint<string>()
      .domain(weeks)
      .range([MARGIN.left, WIDTH - MARGIN.right])
      .padding(0.5)
      .round(true);
    const values = periods.map(value).filter((v): v is number => v !== null);
    if (rule !== undefined) values.push(rule);
    const top = Math.max(0, ...values);
    const y = scaleLinear()
      .domain([0, top > 0 ? top : 1])
      .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const tickCount = (HEIGHT - MARGIN.bottom - MARGIN.top) / 35;
    const format = y.tickFormat(tickCount);
    const names = series ? [...new Set(periods.map((period) => period.series ?? ''))].sort() : [''];
    const lines = names.map((name, index) => {
      const points = periods
        .filter((period) => !series || (period.series ?? '') === name)
        .map((period) => {
          const v = value(period);
          return { x: x(period.period) ?? 0, y: v === null ? null : y(v) };
        });
      return { name, colour: series ? (SERIES_COLOURS[index % SERIES_COLOURS.length] as string) : LINE_COLOUR, points };
    });
    return {
      weeks: weeks.map((week) => ({ week, at: x(week) ?? 0 })),
      ticks: y.ticks(tickCount).map((tick) => ({ at: y(tick), text: format(tick) })),
      rule: rule === undefined ? undefined : y(rule),
      lines,
    };
  }, [periods, field, series, rule]);
  const bottom = HEIGHT - MARGIN.bottom;
  const name = `${label} by ISO week`;
  // one labelled image: the figure when a legend comes with the chart, else the chart itself
  const svg = (
    <svg
      {...SVG_DEFAULTS}
      role={series ? undefined : 'img'}
      aria-label={series ? undefined : name}
      aria-hidden={series ? 'true' : undefined}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      {/* the grid and the ticks as one path each: the chart's look with a few dozen elements fewer */}
      <g fill="none" stroke="currentColor" transform="translate(0,0.5)">
        <path
          stroke-opacity="0.1"
          d={pathOf(chart.ticks, ({ at }) => `M${MARGIN.left},${at}H${WIDTH - MARGIN.right}`)}
        />
        <path d={pathOf(chart.ticks, ({ at }) => `M${MARGIN.left},${at}h-6`)} />
      </g>
      <g text-anchor="end" font-variant="tabular-nums" transform="translate(-8.5,0.5)">
        {chart.ticks.map((tick) => (
          <text key={tick.text} y="0.32em" transform={`translate(${MARGIN.left},${tick.at})`}>
            {tick.text}
          </text>
        ))}
      </g>
      <g text-anchor="start" transform={`translate(${3.5 - MARGIN.left},-16.5)`}>
        <text y="0.71em" transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          ↑ {label}
        </text>
      </g>
      <g fill="none" stroke="currentColor" transform="translate(0.5,0)">
        <path d={pathOf(chart.weeks, ({ at }) => `M${at},${bottom}v6`)} />
      </g>
      <g text-anchor="end" transform={`translate(0.5,${X_LABELS_AT})`}>
        {chart.weeks.map(({ week, at }) => (
          <text key={week} y="0.32em" transform={`translate(${at},${bottom}) rotate(-30)`}>
            {week}
          </text>
        ))}
      </g>
      <g transform={`translate(0.5,${MARGIN.bottom - 2.5})`}>
        <text transform={`translate(${(MARGIN.left + WIDTH - MARGIN.right) / 2},${bottom})`}>ISO week</text>
      </g>
      {chart.lines.map((line) => (
        <g
          key={line.name}
          fill="none"
          stroke={line.colour}
          stroke-width="1.5"
          stroke-linejoin="round"
          stroke-linecap="round"
          transform="translate(0.5,0.5)"
        >
          <path d={linePath(line.points)} />
          <path fill={line.colour} stroke="#fff" d={markersPath(line.points)} />
        </g>
      ))}
      {chart.rule !== undefined && (
        <g stroke="#b3261e" stroke-dasharray="4,3" transform="translate(0,0.5)">
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={chart.rule} y2={chart.rule} />
        </g>
      )}
    </svg>
  );
  return (
    <div class="chart">
      {series ? (
        <figure role="img" aria-label={name}>
          <Swatches entries={chart.lines.map((line) => [line.name, line.colour] as const)} />
          {svg}
        </figure>
      ) : (
        svg
      )}
    </div>
  );
}
