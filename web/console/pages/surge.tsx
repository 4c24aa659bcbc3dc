// One surge operation: its ports with the reasons and seed of the choice, its status history, its results against
// the baseline once completed, and (headquarters) cancel.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api.js';
import { href } from '../../shared/router.js';
import type { Person } from '../../shared/session.js';
import { FieldError, WhenLoaded } from '../components.js';
import { portNames } from '../data/ports.js';
import { cancelSurge, getSurge, type SurgeWithHistory } from '../data/surges.js';
import { formatDecimal, formatPercent, formatStatus, formatTime } from '../format.js';
import { useData } from '../use-data.js';

/** The results' fields as a person reads them (a field the API adds later shows under its own name). */
const RESULT_LABELS: Record<string, string> = {
  inspections: 'Inspections',
  seizures: 'Seizures',
  hitRate: 'Hit rate',
  baselineInspections: 'Inspections, baseline',
  baselineSeizures: 'Seizures, baseline',
  baselineHitRate: 'Hit rate, baseline',
  lift: 'Lift in hit rate',
};

const OPEN = new Set(['REQUESTED', 'SCHEDULED', 'ACTIVE']);

function Cancel({ surge, onDone }: { surge: SurgeWithHistory; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await cancelSurge(surge.surgeId, reason);
      onDone();
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? (error.details.find((d) => (d.field ?? d.path) === 'reason')?.message ?? error.message)
          : String(error),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel this operation</h2>
      <label for="cancel-reason">Reason</label>
      <textarea
        id="cancel-reason"
        value={reason}
        onInput={(event) => setReason((event.target as HTMLTextAreaElement).value)}
      />
      <FieldError id="cancel-reason-error" message={problem} />
      <button type="button" class="danger" disabled={busy} onClick={() => void send()}>
        Cancel operation
      </button>
    </section>
  );
}

export default function SurgePage({ params, person }: { params: Record<string, string>; person: Person }) {
  const id = params.id as string;
  const loaded = useData(() => getSurge(id), [id]);
  const names = useData(portNames, []);
  /** "Laredo (2304)", as the other pages name a port; the code alone until the registry has answered. */
  const portLabel = (code: string) => {
    const name = names.data?.get(code);
    return name ? `${name} (${code})` : code;
  };
  return (
    <WhenLoaded loaded={loaded} what="the operation">
      {(surge) => (
        <>
          <h1>Surge operation {surge.surgeId}</h1>
          <p>
            <a href={href('/surges')}>Back to the operations</a>{' '}
            <button type="button" class="secondary" onClick={() => void loaded.reload()}>
              Refresh
            </button>
          </p>
          <div class="grid-2">
            <div>
              <section class="card" aria-labelledby="op-heading">
                <h2 id="op-heading">The operation</h2>
                <dl class="facts">
                  <dt>Status</dt>
                  <dd>{formatStatus(surge.status)}</dd>
                  <dt>Mode</dt>
                  <dd>{surge.mode}</dd>
                  <dt>Window</dt>
                  <dd>
                    {formatTime(surge.start)} to {formatTime(surge.end)}
                  </dd>
                  {surge.seed !== undefined && (
                    <>
                      <dt>Seed</dt>
                      <dd>{surge.seed}</dd>
                    </>
                  )}
                  {surge.request?.justification && (
                    <>
                      <dt>Justification</dt>
                      <dd>{surge.request.justification}</dd>
                    </>
                  )}
                  {surge.cancelled && (
                    <>
                      <dt>Cancelled</dt>
                      <dd>
                        by {surge.cancelled.by} on {formatTime(surge.cancelled.at)}: {surge.cancelled.reason}
                      </dd>
                    </>
                  )}
                </dl>
              </section>
              <section class="card" aria-labelledby="ports-heading">
                <h2 id="ports-heading">Selected ports</h2>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Port</th>
                      <th scope="col" class="num">
                        Weight
                      </th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(
                      surge.selection ??
                      surge.ports.map((portCode) => ({
                        portCode,
                        weight: null as number | null,
                        reasons: [] as string[],
                      }))
                    ).map((row) => (
                      <tr key={row.portCode}>
                        <td>
                          <a href={href(`/ports/${row.portCode}`)}>{portLabel(row.portCode)}</a>
                        </td>
                        <td class="num">{row.weight === null ? '—' : formatDecimal(row.weight)}</td>
                        <td>{row.reasons.join('; ') || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              {surge.results && (
                <section class="card" aria-labelledby="results-heading">
                  <h2 id="results-heading">Results against the baseline</h2>
                  <dl class="facts">
                    {Object.entries(surge.results).map(([key, value]) => (
                      <Fragment key={key}>
                        <dt>{RESULT_LABELS[key] ?? key}</dt>
                        <dd>
                          {typeof value === 'number'
                            ? key.toLowerCase().includes('rate') || key === 'lift'
                              ? formatPercent(value)
                              : formatDecimal(value)
                            : String(value ?? '—')}
                        </dd>
                      </Fragment>
                    ))}
                  </dl>
                </section>
              )}
              {person.role === 'hq' && OPEN.has(surge.status) && (
                <Cancel surge={surge} onDone={() => void loaded.reload()} />
              )}
            </div>
            <section class="card" aria-labelledby="history-heading">
              <h2 id="history-heading">Status history</h2>
              <ol class="trail">
                {surge.history.map((entry) => (
                  <li key={`${entry.at}-${entry.status}`}>
                    <strong>{formatTime(entry.at)}</strong> — {formatStatus(entry.status)} by {entry.by}
                    {entry.detail ? `: ${entry.detail}` : ''}
                  </li>
                ))}
              </ol>
            </section>
          </div>
        </>
      )}
    </WhenLoaded>
  );
}
