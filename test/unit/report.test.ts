import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { integrity } from '../../functions/domain/analyses/integrity.js';
import { derive, ZERO } from '../../functions/domain/metrics.js';
import { type PortWeek, portsCsv, type WeeklyReportData, weeklyHtml } from '../../functions/domain/report.js';
import { type ChartSlot, csvCell, escapeHtml } from '../../functions/domain/report-html.js';
import { renderChart } from '../../functions/reports/charts.js';

const week = (overrides = {}) =>
  derive('2026-11-15..2026-11-21', { ...ZERO, inspections: 12, exits: 4000, seizures: 3, ...overrides }, 95);
const hostile: PortWeek = {
  portCode: '2304',
  name: '<script>alert(1)</script>',
  state: '=HYPERLINK("http://x")',
  border: 'US-Mexico',
  figures: week(),
};

describe('report text', () => {
  it('escapes every value in the HTML, opens with what needs attention, and shows charts by Content-ID or inline', () => {
    const data: WeeklyReportData = {
      from: '2026-11-15',
      to: '2026-11-21',
      national: week({ rejectedRecords: 3 }),
      previous: week(),
      newlyBelowMinimum: [],
      integrity: integrity({
        ports: [
          {
            port: { code: '2304', name: '<b>Laredo</b>' },
            inspections: [],
            problems: { rejected: 3, conflicts: 0, reasons: ['startedAt: <must> be a date'] },
          },
        ],
        wildlifeReferrals: new Map(),
        slaHours: 24,
      }),
      trend: [week()],
      belowMinimum: [
        {
          portCode: '2304',
          name: '<img src=x onerror=alert(1)>',
          border: 'US-Mexico',
          minimumDaysPerWeek: 5,
          inspectionDays7: 1,
          inspectionDays28: 2,
          compliant7: false,
          compliant28: false,
          lastInspectionDay: null,
          daysSinceLastInspection: null,
        },
      ],
      topByRate: [hostile],
      bottomByRate: [hostile],
      topByYield: [hostile],
      overdueReferrals: [
        {
          referralId: 'r"1',
          portCode: '2304',
          findingType: 'currency',
          status: 'PENDING_DECISION',
          escalation: 'hq',
        },
      ],
      surges: [
        {
          surgeId: 'surge-1',
          ports: ['2304'],
          start: 's',
          end: 'e',
          inspections: 40,
          seizures: 4,
          hitRate: 0.1,
          baselineHitRate: 0.02,
          lift: 0.08,
        },
      ],
      equipmentProblems: [],
      ports: [hostile],
      generatedAt: '2026-11-22T08:00:00Z',
    };
    data.newlyBelowMinimum = data.belowMinimum;
    const chart: ChartSlot = {
      name: 'inspections-per-day',
      title: 't',
      alt: 'Bars "of" <days>',
      width: 600,
      height: 300,
      svg: '<svg id="drawn"></svg>',
    };
    const html = weeklyHtml(data, [chart], { kind: 'email', cidOf: (name) => `${name}@outbound` });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Laredo');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('r&quot;1');
    expect(html).toContain('<td class="n">0.08</td>');
    expect(html).toContain('startedAt: &lt;must&gt; be a date');
    expect(html).toContain('src="cid:inspections-per-day@outbound" alt="Bars &quot;of&quot; &lt;days&gt;"');
    expect(html).not.toContain('data:');
    // what needs attention comes before the figures
    expect(html.indexOf('What changed and what needs attention')).toBeLessThan(html.indexOf('Trend'));
    expect(html).toMatch(/1 ports fell below their minimum inspection frequency this week: &lt;img/);
    expect(html).toContain('prefers-color-scheme: dark');
    const pageHtml = weeklyHtml(data, [chart], { kind: 'page' });
    expect(pageHtml).toContain('<svg id="drawn"></svg>');
    expect(pageHtml).not.toContain('cid:');
    expect(escapeHtml(`<a href='x'>&`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;');
  });

  it('neutralises formula cells and quotes CSV cells', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(-5)).toBe("'-5");
    expect(csvCell(null)).toBe('');
    const csv = portsCsv([hostile]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header?.split(',').slice(0, 5)).toEqual(['portCode', 'name', 'state', 'border', 'inspections']);
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(row?.split(',')[4]).toBe('12');
  });

  it('draws a chart as SVG with its title, units and alt text, and as a PNG twice its width', async () => {
    const chart = await renderChart({
      name: 'daily',
      title: 'Inspections per <day>',
      subtitle: 'Inspections, 2026-11-01 to 2026-11-03',
      alt: 'Three bars',
      options: (Plot) => ({
        x: { type: 'utc', label: 'Date' },
        y: { label: 'Inspections' },
        marks: [
          Plot.rectY(
            [1, 5, 3].map((n, i) => ({ date: new Date(Date.UTC(2026, 10, i + 1)), n })),
            { x: 'date', y: 'n', interval: 'day' },
          ),
        ],
      }),
    });
    expect(chart.svg).toContain('<title>Inspections per &lt;day&gt;</title>');
    expect(chart.svg).toContain('aria-label="Three bars"');
    expect(chart.svg).toContain('Inspections, 2026-11-01 to 2026-11-03');
    expect(chart.svg).toMatch(/Date/);
    const png = PNG.sync.read(chart.png);
    expect([png.width, png.height]).toEqual([1200, chart.height * 2]);
    // white background at the corner, coloured bars somewhere in the plot
    expect([...png.data.subarray(0, 3)]).toEqual([255, 255, 255]);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] as number) < 100) dark++;
    expect(dark).toBeGreaterThan(1000);
  }, 60_000);
});
