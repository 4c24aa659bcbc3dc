// What if the minimum frequency changed? Headquarters proposes minimum inspection days per week (by border, per
// port) and sees what they would have added over the last 13 weeks: days, staff hours, cost, seizures.
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api.js';
import { href } from '../../shared/router.js';
import { estimateWhatIf, type Proposal, type WhatIfEstimate } from '../data/analyses.js';

const BORDERS = ['US-Canada', 'US-Mexico'] as const;
const number = (value: number | null, digits = 0) =>
  value === null ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits });
const dollars = (value: number | null) => (value === null ? '—' : `$${number(value)}`);

/** "2304=3, 0103=2" → { 2304: 3, 0103: 2 }; undefined when a part cannot be read. */
export function parseOverrides(text: string): Record<string, number> | undefined {
  const overrides: Record<string, number> = {};
  for (const part of text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\d{4})\s*[=:]\s*(\d)$/.exec(part);
    if (!match) return undefined;
    overrides[match[1] as string] = Number(match[2]);
  }
  return overrides;
}

function Totals({ estimate }: { estimate: WhatIfEstimate }) {
  const n = estimate.national;
  return (
    <dl class="figures">
      <div>
        <dt>Inspection days added</dt>
        <dd>{number(n.addedInspectionDays)}</dd>
      </div>
      <div>
        <dt>Staff hours added</dt>
        <dd>{number(n.addedStaffHours, 1)}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{dollars(n.addedCostUsd)}</dd>
      </div>
      <div>
        <dt>Seizures to expect</dt>
        <dd>{number(n.expectedSeizures, 1)}</dd>
      </div>
    </dl>
  );
}

function Results({ estimate }: { estimate: WhatIfEstimate }) {
  const rows = estimate.ports.filter((p) => p.addedInspectionDays > 0);
  return (
    <section aria-labelledby="what-if-results">
      <h2 id="what-if-results">
        Over the 13 weeks {estimate.from} to {estimate.to}
      </h2>
      <Totals estimate={estimate} />
      <p class="muted">
        Staff hours at ${estimate.staffHourCostUsd} an hour. Seizures from each port's seizures per inspection day, with
        a 90% interval; {estimate.national.portsWithLittleData} ports had fewer than 8 inspection days of their own, so
        their border's figures stand in for theirs (marked below).
      </p>
      {rows.length === 0 ? (
        <p class="notice ok">Every port already met this minimum each week: nothing would be added.</p>
      ) : (
        <div style="overflow-x:auto">
          <table>
            <caption class="muted">Ports the proposal would change, most days added first</caption>
            <thead>
              <tr>
                <th>Port</th>
                <th class="num">Minimum now → proposed</th>
                <th class="num">Days added</th>
                <th class="num">Staff hours</th>
                <th class="num">Cost</th>
                <th class="num">Seizures (90% interval)</th>
                <th>Data</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.portCode}>
                  <td>
                    <a href={href(`/ports/${p.portCode}`)}>
                      {p.name} ({p.portCode})
                    </a>
                  </td>
                  <td class="num">
                    {p.currentMinimum} → {p.proposedMinimum}
                  </td>
                  <td class="num">{number(p.addedInspectionDays)}</td>
                  <td class="num">{number(p.addedStaffHours, 1)}</td>
                  <td class="num">{dollars(p.addedCostUsd)}</td>
                  <td class="num">
                    {number(p.expectedSeizures, 1)} ({number(p.interval[0], 1)}–{number(p.interval[1], 1)})
                  </td>
                  <td>
                    {p.littleData
                      ? `too little history (${p.inspectionDays} days): ${p.hoursSource === 'none' ? 'no staff hours known' : `hours from the ${p.hoursSource}`}`
                      : 'own history'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function Page() {
  const [days, setDays] = useState<Record<(typeof BORDERS)[number], string>>({ 'US-Canada': '', 'US-Mexico': '' });
  const [overrides, setOverrides] = useState('');
  const [estimate, setEstimate] = useState<WhatIfEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const portOverrides = parseOverrides(overrides);
    if (!portOverrides) {
      setError('Port minimums are written as port=days, e.g. 2304=3, 0103=2.');
      return;
    }
    const proposal: Proposal = { minimumDaysPerWeek: {}, portOverrides };
    for (const border of BORDERS) if (days[border] !== '') proposal.minimumDaysPerWeek[border] = Number(days[border]);
    setBusy(true);
    setError(null);
    try {
      setEstimate(await estimateWhatIf(proposal));
    } catch (e) {
      setError(
        e instanceof ApiError
          ? [e.message, ...e.details.map((d) => `${d.field ?? d.path ?? ''}: ${d.message}`)].join(' — ')
          : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>What if the minimum frequency changed?</h1>
      <p>
        Propose minimum inspection days per week; the estimate replays the last 13 weeks under it. A border left blank
        keeps its current minimum. <a href={href('/policy')}>Back to the policy</a>
      </p>
      <form class="card" onSubmit={submit}>
        {BORDERS.map((border) => (
          <div key={border}>
            <label for={`what-if-${border}`}>{border} ports: days a week</label>
            <input
              id={`what-if-${border}`}
              type="number"
              min={0}
              max={7}
              inputMode="numeric"
              value={days[border]}
              onInput={(e) => setDays({ ...days, [border]: (e.target as HTMLInputElement).value })}
            />
          </div>
        ))}
        <label for="what-if-ports">Per-port minimums (port=days, comma separated)</label>
        <input
          id="what-if-ports"
          value={overrides}
          placeholder="2304=3, 0103=2"
          onInput={(e) => setOverrides((e.target as HTMLInputElement).value)}
        />
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Estimating…' : 'Estimate'}
          </button>
        </p>
        {error && (
          <p role="alert" class="notice error">
            {error}
          </p>
        )}
      </form>
      {estimate && <Results estimate={estimate} />}
    </>
  );
}
