// A report kept and sent: its page, CSV and charts into the reports bucket, the mail with them to headquarters.
import { reportKeysOf } from '../shared/storage-keys.js';
import { cidOf, type RenderedChart } from './charts.js';
import type { ReportDeps } from './interfaces.js';

export interface PublishedReport {
  kind: string;
  period: string;
  keys: { html: string; csv: string; charts: string[] };
}

/** Keeps the report in the reports bucket (the page with inline SVG charts, the CSV, each chart as PNG) and mails it. */
export async function publish(
  deps: Pick<ReportDeps, 'output' | 'hqEmail'>,
  report: {
    kind: string;
    period: string;
    subject: string;
    html: (mode: 'page' | 'email') => string;
    csv: { name: string; content: string };
    charts: readonly RenderedChart[];
  },
): Promise<PublishedReport> {
  const keys = reportKeysOf(
    report.kind,
    report.period,
    report.csv.name,
    report.charts.map((c) => c.name),
  );
  await Promise.all([
    deps.output.putObject(keys.html, report.html('page'), 'text/html; charset=utf-8'),
    deps.output.putObject(keys.csv, report.csv.content, 'text/csv; charset=utf-8'),
    ...report.charts.map((c, i) => deps.output.putObject(keys.charts[i] as string, c.png, 'image/png')),
  ]);
  await deps.output.sendRaw({
    to: [deps.hqEmail],
    subject: report.subject,
    html: report.html('email'),
    attachments: [
      {
        filename: `outbound-${report.kind}-${report.period}-${report.csv.name}`,
        content: report.csv.content,
        contentType: 'text/csv',
      },
      ...report.charts.map((c) => ({
        filename: `${c.name}.png`,
        content: c.png,
        contentType: 'image/png',
        cid: cidOf(c),
      })),
    ],
  });
  return { kind: report.kind, period: report.period, keys };
}

export const chartMode = (mode: 'page' | 'email') =>
  mode === 'page'
    ? ({ kind: 'page' } as const)
    : ({ kind: 'email', cidOf: (name: string) => `${name}@outbound` } as const);
