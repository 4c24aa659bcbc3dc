// Headquarters' national overview: the map of ports by compliance, the headline figures of a chosen period, their
// trend by ISO week, and the same by border. Four API requests at most: national figures, border figures, the
// compliance list (with the map's coordinates and exits) — and nothing per port.
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { navigate } from '../../shared/router.js';
import { COMPLIANCE_COLOURS, complianceClass } from '../compliance-classes.js';
import { WhenLoaded } from '../components.js';
import { compliance, metrics, metricsByBorder, totalsOf, trailingWeeks } from '../data/metrics.js';
import { formatWhole } from '../format.js';
import { Headline } from '../headline.js';
import { PortMap, preloadCharts, TrendChart } from '../lazy-charts.js';
import { useDataTogether } from '../use-data.js';

const PERIODS = [4, 13, 26, 52];

export default function OverviewPage({ query }: { query: Record<string, string> }) {
  const weeks = PERIODS.includes(Number(query.weeks)) ? Number(query.weeks) : 13;
  const range = trailingWeeks(weeks);
  // one render when all three have answered: each answer alone would lay the whole page out again
  const { national, borders, ports } = useDataTogether(
    { national: () => metrics(range), borders: () => metricsByBorder(range), ports: () => compliance() },
    [range.from, range.to],
  );
  // the map and the charts load while the data is on its way, not after it
  useLayoutEffect(preloadCharts, []);
  // made once per answer: a new array on each render would draw the chart again
  const borderSeries = useMemo(
    () => borders.data?.flatMap((b) => b.periods.map((p) => ({ ...p, series: b.border }))),
    [borders.data],
  );
  const [trendField, setTrendField] = useState<'inspections' | 'seizures' | 'inspectionsPer1000Exits'>('inspections');
  return (
    <>
      <h1>National overview</h1>
      <div class="row">
        <div>
          <label for="period">Period</label>
          <select
            id="period"
            value={String(weeks)}
            onChange={(event) => navigate(`/?weeks=${(event.target as HTMLSelectElement).value}`)}
          >
            {PERIODS.map((n) => (
              <option key={n} value={String(n)}>
                Last {n} weeks
              </option>
            ))}
          </select>
        </div>
        <p class="muted">
          {range.from} to {range.to}
        </p>
      </div>
      <h2>Headline figures</h2>
      <WhenLoaded loaded={national} what="the national figures">
        {(periods) => <Headline totals={totalsOf(periods)} />}
      </WhenLoaded>

      <h2>Ports by compliance with the minimum frequency</h2>
      <WhenLoaded loaded={ports} what="the ports">
        {({ ports: rows }) => {
          const counts = Object.keys(COMPLIANCE_COLOURS).map(
            (name) => [name, rows.filter((row) => complianceClass(row) === name).length] as const,
          );
          return (
            <div class="grid-2">
              <figure class="card">
                <PortMap rows={rows} onPort={(code) => navigate(`/ports/${code}`)} />
                <figcaption>
                  Each dot is a port of entry at its coordinates; its colour is its compliance over the last 28 days,
                  its size its exits. Select a dot, or a port in the table, to open its page.
                </figcaption>
              </figure>
              <div class="card">
                <table>
                  <caption>Ports by compliance (28 days)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Compliance</th>
                      <th scope="col" class="num">
                        Ports
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {counts.map(([name, count]) => (
                      <tr key={name}>
                        <td>{name}</td>
                        <td class="num">{formatWhole(count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <h3>Furthest below the minimum</h3>
                <ul>
                  {rows
                    .filter((row) => !row.compliant28)
                    .sort((a, b) => (b.daysSinceLastInspection ?? 9999) - (a.daysSinceLastInspection ?? 9999))
                    .slice(0, 8)
                    .map((row) => (
                      <li key={row.portCode}>
                        <a href={`#/ports/${row.portCode}`}>
                          {row.name} ({row.portCode})
                        </a>{' '}
                        — {row.inspectionDays28} inspection days in 28
                      </li>
                    ))}
                </ul>
              </div>
            </div>
          );
        }}
      </WhenLoaded>

      <h2>Trend by ISO week</h2>
      <div>
        <label for="trend-field">Figure</label>
        <select
          id="trend-field"
          value={trendField}
          onChange={(event) => setTrendField((event.target as HTMLSelectElement).value as typeof trendField)}
        >
          <option value="inspections">Inspections</option>
          <option value="seizures">Seizures</option>
          <option value="inspectionsPer1000Exits">Inspections per 1,000 exits</option>
        </select>
      </div>
      <WhenLoaded loaded={national} what="the trend">
        {(periods) => (
          <div class="card">
            <TrendChart periods={periods} field={trendField} label="National" />
          </div>
        )}
      </WhenLoaded>

      <h2>By border</h2>
      <WhenLoaded loaded={borders} what="the figures by border">
        {(list) => (
          <>
            <div class="card">
              <TrendChart periods={borderSeries ?? []} field={trendField} label="By border" series />
            </div>
            {list.map((b) => (
              <section key={b.border} aria-labelledby={`border-${b.border}`}>
                <h3 id={`border-${b.border}`}>
                  {b.border} ({b.ports} ports)
                </h3>
                <Headline totals={totalsOf(b.periods)} />
              </section>
            ))}
          </>
        )}
      </WhenLoaded>
    </>
  );
}
