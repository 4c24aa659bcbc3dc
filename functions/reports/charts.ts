// Charts for the reports: Observable Plot drawn into a server-side DOM (linkedom) as SVG for the page, rasterised to
// PNG by resvg (WebAssembly, no browser) for the email. Every chart carries a title, a subtitle with its units and
// dates, labelled axes, and alt text. The libraries load on first use: a job that draws nothing does not pay for them.
import type { Port } from '../domain/ports.js';
import { SharedValue } from '../shared/shared-value.js';
import { readChartAsset } from './chart-assets.js';

export const CHART_WIDTH = 600;
const FONT = 'DejaVu Sans';
const TITLE_HEIGHT = 46;

export interface Chart {
  /** File name in the reports bucket and the email's Content-ID (`{name}@outbound`). */
  name: string;
  title: string;
  subtitle: string;
  alt: string;
  svg: string;
  width: number;
  height: number;
}

export interface RenderedChart extends Chart {
  png: Buffer;
}

type PlotModule = typeof import('@observablehq/plot');
type PlotOptions = import('@observablehq/plot').PlotOptions;

interface Libraries {
  Plot: PlotModule;
  document: PlotOptions['document'];
  Resvg: typeof import('@resvg/resvg-wasm').Resvg;
  fonts: Uint8Array[];
  states: unknown;
}

const libraries = new SharedValue<Libraries>();

async function load(): Promise<Libraries> {
  const { Plot, parseHTML, initWasm, Resvg, feature } = await import('./chart-libraries.js');
  await initWasm(readChartAsset('wasm'));
  const atlas = JSON.parse(readChartAsset('states').toString('utf8'));
  return {
    Plot,
    document: parseHTML('<!doctype html><html><body></body></html>').document as unknown as PlotOptions['document'],
    Resvg,
    fonts: [new Uint8Array(readChartAsset('font')), new Uint8Array(readChartAsset('boldFont'))],
    states: feature(atlas, atlas.objects.states),
  };
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface LegendEntry {
  name: string;
  color: string;
}

const LEGEND_HEIGHT = 20;

/** A legend drawn in SVG (Plot's own swatches are HTML, which a PNG would lose), on its own line under the subtitle. */
function legendSvg(entries: readonly LegendEntry[]): string {
  let x = 16;
  const items: string[] = [];
  for (const entry of entries) {
    items.push(
      `<circle cx="${x}" cy="${TITLE_HEIGHT + 6}" r="5" fill="${escapeXml(entry.color)}"/><text x="${x + 9}" y="${TITLE_HEIGHT + 10}" font-size="11" fill="#1a1a1a">${escapeXml(entry.name)}</text>`,
    );
    x += 9 + entry.name.length * 6.6 + 20;
  }
  return items.join('');
}

/** Plot's SVG with the title and subtitle drawn above it, a white card in light and dark mode alike. */
function framed(
  plotSvg: string,
  chart: { title: string; subtitle: string; alt: string; legend?: readonly LegendEntry[] },
  width: number,
  height: number,
) {
  const top = TITLE_HEIGHT + (chart.legend ? LEGEND_HEIGHT : 0);
  const inner = plotSvg.replace(/^<svg\b/, `<svg x="0" y="${top}"`).replace(/\sxmlns="[^"]*"/, '');
  const total = height + top;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(chart.alt)}" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" style="max-width:100%;height:auto;background:#fff;color:#1a1a1a" font-family="${FONT}, sans-serif"><title>${escapeXml(chart.title)}</title><rect width="${width}" height="${total}" fill="#fff"/><text x="8" y="20" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(chart.title)}</text><text x="8" y="38" font-size="12" fill="#555">${escapeXml(chart.subtitle)}</text>${chart.legend ? legendSvg(chart.legend) : ''}${inner}</svg>`;
}

export interface ChartRequest {
  name: string;
  title: string;
  subtitle: string;
  alt: string;
  height?: number;
  legend?: readonly LegendEntry[];
  /** The Plot options (marks, scales, axes); width, height, document and style are set here. */
  options: (Plot: PlotModule, context: { states: unknown }) => PlotOptions;
}

/** Draws one chart as SVG and PNG. */
export async function renderChart(request: ChartRequest): Promise<RenderedChart> {
  const lib = await libraries.get('loaded', load);
  const height = request.height ?? 260;
  const options = request.options(lib.Plot, { states: lib.states });
  const element = lib.Plot.plot({
    marginBottom: 44,
    ...options,
    width: CHART_WIDTH,
    height,
    document: lib.document,
    style: { fontFamily: `${FONT}, sans-serif`, fontSize: '11px', background: '#fff', color: '#1a1a1a' },
  });
  const plotSvg = element.tagName.toLowerCase() === 'svg' ? element.outerHTML : element.querySelector('svg')?.outerHTML;
  if (!plotSvg) throw new Error(`chart ${request.name} drew no SVG`);
  const svg = framed(plotSvg, request, CHART_WIDTH, height);
  const png = new lib.Resvg(svg, {
    font: { fontBuffers: lib.fonts, defaultFontFamily: FONT, sansSerifFamily: FONT, loadSystemFonts: false },
    fitTo: { mode: 'width', value: CHART_WIDTH * 2 },
    background: '#ffffff',
  })
    .render()
    .asPng();
  return {
    name: request.name,
    title: request.title,
    subtitle: request.subtitle,
    alt: request.alt,
    svg,
    width: CHART_WIDTH,
    height: height + TITLE_HEIGHT + (request.legend ? LEGEND_HEIGHT : 0),
    png: Buffer.from(png),
  };
}

export const cidOf = (chart: Pick<Chart, 'name'>) => `${chart.name}@outbound`;

/** The ports as dots on the state outlines (Albers USA: Alaska drawn as an inset), coloured by a category. */
export function portMap(request: {
  name: string;
  title: string;
  subtitle: string;
  alt: string;
  ports: ReadonlyArray<Pick<Port, 'code' | 'name' | 'latitude' | 'longitude'> & { category: string; size?: number }>;
  categories: LegendEntry[];
  sizeLabel?: string;
}): ChartRequest {
  return {
    name: request.name,
    title: request.title,
    subtitle: request.subtitle,
    alt: request.alt,
    height: 360,
    legend: request.categories,
    options: (Plot, { states }) => ({
      projection: 'albers-usa',
      marginTop: 4,
      marginBottom: 4,
      color: { domain: request.categories.map((c) => c.name), range: request.categories.map((c) => c.color) },
      r: request.sizeLabel ? { range: [3, 14], label: request.sizeLabel } : undefined,
      marks: [
        Plot.geo(states as never, { fill: '#f1f1ef', stroke: '#9a9a9a', strokeWidth: 0.6 }),
        Plot.dot(request.ports, {
          x: 'longitude',
          y: 'latitude',
          fill: 'category',
          r: request.sizeLabel ? 'size' : 4,
          stroke: '#fff',
          strokeWidth: 0.8,
          fillOpacity: 0.9,
        }),
      ],
    }),
  };
}
