// The referral queue: a supervisor's port, an investigator's agency, or (headquarters) every port.
import { REFERRAL_STATUSES } from '../../../functions/domain/referrals.js';
import { href, navigate } from '../../shared/router.js';
import type { Person } from '../../shared/session.js';
import { WhenLoaded } from '../components.js';
import { isPastSla, listReferrals, queueOrder, type Referral } from '../data/referrals.js';
import { formatStatus, formatTime } from '../format.js';
import { useData } from '../use-data.js';

function findingText(referral: Referral): string {
  const f = referral.finding as Record<string, unknown>;
  const amount =
    f.amountUsd !== undefined
      ? ` USD ${Number(f.amountUsd).toLocaleString('en-US')}`
      : f.count !== undefined
        ? ` × ${f.count}`
        : f.kg !== undefined
          ? ` ${f.kg} kg`
          : f.rounds !== undefined
            ? ` ${f.rounds} rounds`
            : '';
  return `${referral.findingType}${amount}`;
}

function intro(person: Person): string {
  if (person.role === 'supervisor') return `Referrals of port ${person.port}: pending decisions first.`;
  if (person.role === 'investigator')
    return `Referrals routed to ${person.agency}: those waiting for your answer first.`;
  return 'Referrals of every port: pending first.';
}

export default function ReferralsPage({ query, person }: { query: Record<string, string>; person: Person }) {
  const status = query.status ?? '';
  const loaded = useData(() => listReferrals(status || undefined), [status]);
  return (
    <>
      <h1>Referrals</h1>
      <p>{intro(person)}</p>
      <div class="row">
        <div>
          <label for="status-filter">Status</label>
          <select
            id="status-filter"
            value={status}
            onChange={(event) => {
              const value = (event.target as HTMLSelectElement).value;
              navigate(value ? `/referrals?status=${value}` : '/referrals');
            }}
          >
            <option value="">All</option>
            {REFERRAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <WhenLoaded loaded={loaded} what="referrals">
        {(referrals) =>
          referrals.length === 0 ? (
            <p>No referrals{status ? ` with status ${formatStatus(status)}` : ''}.</p>
          ) : (
            <table>
              <caption class="muted">{referrals.length} referrals</caption>
              <thead>
                <tr>
                  <th scope="col">Referral</th>
                  <th scope="col">Port</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {[...referrals].sort(queueOrder).map((referral) => (
                  <tr key={referral.referralId}>
                    <td>
                      <a href={href(`/referrals/${encodeURIComponent(referral.referralId)}`)}>{referral.referralId}</a>
                    </td>
                    <td>
                      {referral.portName} ({referral.portCode})
                    </td>
                    <td>{findingText(referral)}</td>
                    <td>
                      {formatStatus(referral.status)}
                      {isPastSla(referral) && (
                        <>
                          {' '}
                          <span class="badge bad">Past SLA</span>
                        </>
                      )}
                    </td>
                    <td>{referral.waitingFor ? formatTime(referral.slaDueAt) : '—'}</td>
                    <td>{formatTime(referral.createdAt)}</td>
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
