// The reports' HTML and CSV parts: one page shell that reads well 600 px wide and in dark mode, tables, figures, CSV
// with formula cells neutralised. Every value is escaped here; a chart is either an inline SVG (the page kept in S3) or
// an image by Content-ID (the email).

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A CSV cell that a spreadsheet cannot run: a leading = + - @ (or tab/CR) is prefixed with a quote. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [headers, ...rows]
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')
    .concat('\r\n');
}

export interface ChartSlot {
  name: string;
  title: string;
  alt: string;
  width: number;
  height: number;
  /** The chart's own SVG (drawn by the reporting code, its text escaped there). */
  svg: string;
}

/** Email: images by Content-ID (attached inline); page: the SVG itself in the HTML. */
export type ChartMode = { kind: 'email'; cidOf: (name: string) => string } | { kind: 'page' };

const STYLE = `
body{margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45}
.wrap{max-width:600px;margin:0 auto;padding:12px}
h1{font-size:20px;margin:8px 0 4px}
h2{font-size:16px;margin:22px 0 6px;border-bottom:2px solid #1f5fa8;padding-bottom:2px}
h3{font-size:14px;margin:14px 0 4px}
p{margin:6px 0}
.muted{color:#5a5a5a;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0 8px}
th{text-align:left;padding:4px 6px;border-bottom:1px solid #b8b8b8;font-weight:bold}
td{padding:4px 6px;border-bottom:1px solid #e3e3e3;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
.scroll{overflow-x:auto}
.attention{background:#fff6e0;border-left:4px solid #d08a00;padding:8px 10px;margin:8px 0}
.ok{background:#eef6ee;border-left:4px solid #2e7d32;padding:8px 10px;margin:8px 0}
.chart{margin:10px 0;background:#ffffff;border:1px solid #dddddd;border-radius:4px;padding:2px}
.chart img,.chart svg{display:block;max-width:100%;height:auto}
@media (prefers-color-scheme: dark){
 body,.wrap{background:#161616 !important;color:#ececec !important}
 .muted{color:#b0b0b0 !important}
 th{border-bottom-color:#5a5a5a !important}
 td{border-bottom-color:#333333 !important}
 h2{border-bottom-color:#6ea8ff !important}
 .attention{background:#3a2e10 !important;border-left-color:#f0b429 !important}
 .ok{background:#16301a !important;border-left-color:#66bb6a !important}
 a{color:#8ab4ff !important}
}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><div class="wrap">${body}</div></body></html>`;
}

export type Cell = string | number | null | undefined | { value: string | number | null | undefined; numeric: true };

export const num = (value: number | null | undefined, digits = 0): Cell => ({
  value:
    value === null || value === undefined
      ? '—'
      : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
  numeric: true,
});
export const usd = (value: number | null | undefined): Cell =>
  value === null || value === undefined
    ? num(null)
    : { value: `$${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}`, numeric: true };
export const pct = (share: number | null | undefined): Cell =>
  share === null || share === undefined ? num(null) : { value: `${Math.round(share * 1000) / 10}%`, numeric: true };

/** A change against an earlier figure, "+12" / "−3" / "new", or "—" where nothing earlier is known. */
export function change(current: number, previous: number | null | undefined, digits = 0): Cell {
  if (previous === null || previous === undefined) return num(null);
  const delta = Math.round((current - previous) * 10 ** digits) / 10 ** digits;
  const text = delta === 0 ? '±0' : `${delta > 0 ? '+' : '−'}${Math.abs(delta).toLocaleString('en-US')}`;
  return { value: text, numeric: true };
}

function cell(c: Cell, tag: 'td' | 'th'): string {
  if (c !== null && typeof c === 'object') return `<${tag} class="n">${escapeHtml(c.value)}</${tag}>`;
  return `<${tag}>${escapeHtml(c)}</${tag}>`;
}

export function table(headers: readonly Cell[], rows: ReadonlyArray<readonly Cell[]>, empty = 'None.'): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  return `<div class="scroll"><table><thead><tr>${headers.map((h) => cell(h, 'th')).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

export function figure(chart: ChartSlot, mode: ChartMode): string {
  if (mode.kind === 'page') return `<div class="chart">${chart.svg}</div>`;
  return `<div class="chart"><img src="cid:${escapeHtml(mode.cidOf(chart.name))}" alt="${escapeHtml(chart.alt)}" width="${chart.width}" style="width:100%;max-width:${chart.width}px;height:auto"></div>`;
}

export const list = (items: readonly string[]) =>
  items.length === 0 ? '' : `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
