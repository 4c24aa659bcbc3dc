import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { derive, ZERO } from '../../functions/domain/metrics.js';
import { csvCell, escapeHtml, type PortWeek, portsCsv, weeklyHtml } from '../../functions/domain/report.js';
import { barChartPng } from '../../functions/reporting/chart.js';

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
  it('escapes every value in the HTML', () => {
    const html = weeklyHtml(
      {
        from: '2026-11-15',
        to: '2026-11-21',
        national: week(),
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
      },
      'chart@outbound',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('r&quot;1');
    expect(html).toContain('>0.08</td>');
    expect(html).toContain('<td style="padding:4px 8px;border-bottom:1px solid #eee">0.08</td>');
    expect(html).toContain('src="cid:chart@outbound"');
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

  it('renders the chart as a PNG of the requested size', () => {
    const png = PNG.sync.read(barChartPng([1, 5, 0, 3], { width: 320, height: 120 }));
    expect([png.width, png.height]).toEqual([320, 120]);
    const pixel = (x: number, y: number) => [
      ...png.data.subarray((png.width * y + x) * 4, (png.width * y + x) * 4 + 3),
    ];
    expect(pixel(0, 0)).toEqual([255, 255, 255]);
    expect(pixel(Math.round(12 + (320 - 24) * 0.375), 60)).toEqual([31, 95, 168]);
  });
});
