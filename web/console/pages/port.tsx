// A port's page, "Laredo (2304)": its figures by ISO week against the minimum frequency, equipment and
// connectivity, its recent uploads with their receipts, its referrals and its operations.
import { minimumDaysPerWeek } from '../../../functions/domain/policy.js';
import { href } from '../../shared/router.js';
import type { Person } from '../../shared/session.js';
import { LoadError, WhenLoaded } from '../components.js';
import { metrics, totalsOf, trailingWeeks } from '../data/metrics.js';
import { getPolicy } from '../data/policy.js';
import { getPort, recentUploads } from '../data/ports.js';
import { listReferrals } from '../data/referrals.js';
import { listSurges } from '../data/surges.js';
import { formatDecimal, formatPercent, formatStatus, formatTime, formatWhole } from '../format.js';
import { Headline } from '../headline.js';
import { TrendChart } from '../lazy-charts.js';
import { useData } from '../use-data.js';

export default function PortPage({ params, person }: { params: Record<string, string>; person: Person }) {
  const code = params.code as string;
  const range = trailingWeeks(13);
  const port = useData(() => getPort(code), [code]);
  const figures = useData(() => metrics(range, code), [code, range.from]);
  const uploads = useData(() => recentUploads(code), [code]);
  const referrals = useData(async () => (await listReferrals()).filter((r) => r.portCode === code), [code]);
  const surges = useData(async () => (await listSurges(undefined, code)).slice(0, 10), [code]);
  const policy = useData(() => getPolicy(), []);
  const minimum = port.data && policy.data ? minimumDaysPerWeek(policy.data.policy, port.data) : undefined;
  if (person.role === 'supervisor' && person.port !== code)
    return (
      <>
        <h1>Not available</h1>
        <p>A supervisor sees the page of port {person.port} only.</p>
      </>
    );
  if (port.error) return <LoadError message={port.error} />;
  return (
    <>
      <h1>{port.data ? `${port.data.name} (${port.data.code})` : `Port ${code}`}</h1>
      {port.data && (
        <p class="muted">
          {port.data.state}, {port.data.border} border{port.data.active ? '' : ' · not active'}
        </p>
      )}
      <h2>Last 13 weeks</h2>
      <WhenLoaded loaded={figures} what="the figures">
        {(periods) => {
          const totals = totalsOf(periods);
          const downMinutes = periods.reduce((sum, p) => sum + p.connectivityDownMinutes, 0);
          const observations = periods.reduce((sum, p) => sum + p.equipmentObservations, 0);
          const ok = periods.reduce((sum, p) => sum + p.equipmentOk, 0);
          return (
            <>
              <Headline totals={totals} />
              <div class="card">
                <TrendChart periods={periods} field="inspectionDays" label="Inspection days per week" rule={minimum} />
                <p class="muted">
                  Inspection days per ISO week
                  {minimum === undefined
                    ? '.'
                    : `; the dashed line is the minimum the policy asks for: ${minimum} ${minimum === 1 ? 'day' : 'days'} a week.`}
                </p>
              </div>
              <h2>Equipment and connectivity</h2>
              <dl class="facts">
                <dt>Equipment available</dt>
                <dd>
                  {observations > 0
                    ? `${formatPercent(ok / observations)} of ${formatWhole(observations)} checks`
                    : 'no checks reported'}
                </dd>
                <dt>Connectivity down</dt>
                <dd>{formatDecimal(downMinutes / 60)} hours in 13 weeks</dd>
                <dt>Records rejected</dt>
                <dd>{formatWhole(periods.reduce((sum, p) => sum + p.rejectedRecords, 0))}</dd>
              </dl>
            </>
          );
        }}
      </WhenLoaded>

      <h2>Recent uploads</h2>
      <WhenLoaded loaded={uploads} what="the uploads">
        {(list) =>
          list.length === 0 ? (
            <p>No uploads through the API yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Processed</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Device</th>
                  <th scope="col">Receipt</th>
                  <th scope="col">Rejected, and why</th>
                </tr>
              </thead>
              <tbody>
                {list.map((upload) => (
                  <tr key={upload.batchId}>
                    <td>{formatTime(upload.processedAt ?? undefined)}</td>
                    <td>{upload.kind ?? '—'}</td>
                    <td>{upload.deviceId ?? '—'}</td>
                    <td>
                      {upload.status ? formatStatus(upload.status) : '—'}
                      {upload.receipt &&
                        `: ${upload.receipt.accepted} accepted, ${upload.receipt.duplicates} duplicates, ${upload.receipt.conflicts} conflicts, ${upload.receipt.rejected} rejected`}
                    </td>
                    <td>
                      {upload.receipt?.reason ??
                        (upload.receipt && upload.receipt.errors.length > 0
                          ? upload.receipt.errors
                              .slice(0, 3)
                              .map((e) => `line ${e.line}: ${e.field} ${e.message}`)
                              .join('; ')
                          : '—')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </WhenLoaded>

      <h2>Referrals</h2>
      <WhenLoaded loaded={referrals} what="the referrals">
        {(list) =>
          list.length === 0 ? (
            <p>No referrals.</p>
          ) : (
            <ul>
              {list.slice(0, 10).map((r) => (
                <li key={r.referralId}>
                  <a href={href(`/referrals/${encodeURIComponent(r.referralId)}`)}>{r.referralId}</a> — {r.findingType},{' '}
                  {formatStatus(r.status)}, {formatTime(r.createdAt)}
                </li>
              ))}
            </ul>
          )
        }
      </WhenLoaded>

      <h2>Operations</h2>
      <WhenLoaded loaded={surges} what="the operations">
        {(list) =>
          list.length === 0 ? (
            <p>No operations at this port.</p>
          ) : (
            <ul>
              {list.map((s) => (
                <li key={s.surgeId}>
                  <a href={href(`/surges/${s.surgeId}`)}>{s.surgeId}</a> — {formatStatus(s.status)},{' '}
                  {formatTime(s.start)} to {formatTime(s.end)}
                </li>
              ))}
            </ul>
          )
        }
      </WhenLoaded>
    </>
  );
}
