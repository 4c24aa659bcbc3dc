// Surge operations by status (a supervisor sees those at their port).
import { SURGE_STATUSES } from '../../../functions/domain/surges.js';
import { href, navigate } from '../../shared/router.js';
import type { Person } from '../../shared/session.js';
import { WhenLoaded } from '../components.js';
import { listSurges } from '../data/surges.js';
import { formatStatus, formatTime } from '../format.js';
import { useData } from '../use-data.js';

export default function SurgesPage({ query, person }: { query: Record<string, string>; person: Person }) {
  const status = query.status ?? '';
  const loaded = useData(() => listSurges(status || undefined), [status]);
  return (
    <>
      <h1>Surge operations</h1>
      <div class="row">
        <div>
          <label for="surge-status">Status</label>
          <select
            id="surge-status"
            value={status}
            onChange={(event) => {
              const value = (event.target as HTMLSelectElement).value;
              navigate(value ? `/surges?status=${value}` : '/surges');
            }}
          >
            <option value="">All</option>
            {SURGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </div>
        {person.role === 'hq' && (
          <a class="button" href={href('/surges/new')}>
            Schedule an operation
          </a>
        )}
      </div>
      <WhenLoaded loaded={loaded} what="operations">
        {(surges) =>
          surges.length === 0 ? (
            <p>No operations{status ? ` with status ${formatStatus(status)}` : ''}.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Operation</th>
                  <th scope="col">Status</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Ports</th>
                  <th scope="col">Start</th>
                  <th scope="col">End</th>
                </tr>
              </thead>
              <tbody>
                {[...surges]
                  .sort((a, b) => b.start.localeCompare(a.start))
                  .map((surge) => (
                    <tr key={surge.surgeId}>
                      <td>
                        <a href={href(`/surges/${surge.surgeId}`)}>{surge.surgeId}</a>
                      </td>
                      <td>{formatStatus(surge.status)}</td>
                      <td>{surge.mode}</td>
                      <td>{surge.ports.join(', ') || '—'}</td>
                      <td>{formatTime(surge.start)}</td>
                      <td>{formatTime(surge.end)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )
        }
      </WhenLoaded>
    </>
  );
}
