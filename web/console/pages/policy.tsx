// The policy: minimum frequency per border and per port, the staff-hour cost; a change needs a reason, is checked
// against the domain's schema before it is sent, and the history shows who changed what, when and why.
import { useState } from 'preact/hooks';
import { policySchema } from '../../../functions/domain/policy.js';
import { ApiError } from '../../shared/api.js';
import { FieldError, WhenLoaded } from '../components.js';
import { type CurrentPolicy, getPolicy, type Policy, putPolicy } from '../data/policy.js';
import { formatTime, formatUsd } from '../format.js';
import { useData } from '../use-data.js';

function overridesText(policy: Policy): string {
  return Object.entries(policy.portOverrides ?? {})
    .map(([code, days]) => `${code}=${days}`)
    .join(', ');
}

function summary(policy: Policy): string {
  const overrides = overridesText(policy);
  return `US-Canada ${policy.minimumDaysPerWeek['US-Canada']} and US-Mexico ${policy.minimumDaysPerWeek['US-Mexico']} days a week; ${overrides ? `overrides ${overrides}; ` : ''}staff hour ${formatUsd(policy.staffHourCostUsd)}`;
}

/** The editor starts anew with each version; what the last save said is kept by the page, above it. */
function Editor({
  current,
  onSaved,
  setSaved,
}: {
  current: CurrentPolicy;
  onSaved: () => void;
  setSaved: (message: string | undefined) => void;
}) {
  const [canada, setCanada] = useState(String(current.policy.minimumDaysPerWeek['US-Canada']));
  const [mexico, setMexico] = useState(String(current.policy.minimumDaysPerWeek['US-Mexico']));
  const [overrides, setOverrides] = useState(overridesText(current.policy));
  const [cost, setCost] = useState(String(current.policy.staffHourCostUsd));
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setProblems({});
    setSaved(undefined);
    const found: Record<string, string> = {};
    const portOverrides: Record<string, number> = {};
    for (const part of overrides.split(/[\s,]+/).filter(Boolean)) {
      const match = /^(\d{4})=(\d)$/.exec(part);
      if (match) portOverrides[match[1] as string] = Number(match[2]);
      else found.overrides = `"${part}" is not port=days (e.g. 2304=7)`;
    }
    const candidate = {
      ...current.policy,
      minimumDaysPerWeek: { 'US-Canada': Number(canada), 'US-Mexico': Number(mexico) },
      portOverrides,
      staffHourCostUsd: Number(cost),
    };
    const checked = policySchema().safeParse(candidate);
    if (!checked.success)
      for (const issue of checked.error.issues) {
        const path = issue.path.join('.');
        const field = path.includes('US-Canada')
          ? 'canada'
          : path.includes('US-Mexico')
            ? 'mexico'
            : path.startsWith('portOverrides')
              ? 'overrides'
              : path.startsWith('staffHourCostUsd')
                ? 'cost'
                : 'form';
        found[field] = found[field] ?? issue.message;
      }
    if (reason.trim().length < 3) found.reason = 'say why the policy changes';
    if (Object.keys(found).length > 0 || !checked.success) {
      setProblems(found);
      return;
    }
    setBusy(true);
    try {
      const answer = await putPolicy(checked.data, current.version, reason.trim());
      setSaved(`Saved as version ${answer.version}.`);
      setReason('');
      onSaved();
    } catch (error) {
      setProblems({
        form:
          error instanceof ApiError && error.status === 409
            ? 'Someone changed the policy since you opened this page; it has been read again — check it and save anew.'
            : error instanceof Error
              ? error.message
              : String(error),
      });
      if (error instanceof ApiError && error.status === 409) onSaved();
    } finally {
      setBusy(false);
    }
  };
  const number = (id: string, label: string, value: string, set: (v: string) => void, extra = {}) => (
    <div>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={value}
        onInput={(event) => set((event.target as HTMLInputElement).value)}
        aria-describedby={problems[id] ? `${id}-error` : undefined}
        {...extra}
      />
      <FieldError id={`${id}-error`} message={problems[id]} />
    </div>
  );
  return (
    <form class="card" onSubmit={(event) => void save(event)} noValidate>
      <h2>Change the policy</h2>
      <div class="row">
        {number('canada', 'US-Canada minimum days per week', canada, setCanada, { min: 0, max: 7 })}
        {number('mexico', 'US-Mexico minimum days per week', mexico, setMexico, { min: 0, max: 7 })}
        {number('cost', 'Staff-hour cost (USD)', cost, setCost, { min: 1, step: 1 })}
      </div>
      <label for="overrides">Port overrides</label>
      <input
        id="overrides"
        value={overrides}
        placeholder="e.g. 2304=7, 0901=3"
        onInput={(event) => setOverrides((event.target as HTMLInputElement).value)}
        aria-describedby={problems.overrides ? 'overrides-error' : undefined}
      />
      <FieldError id="overrides-error" message={problems.overrides} />
      <label for="policy-reason">Reason</label>
      <textarea
        id="policy-reason"
        value={reason}
        onInput={(event) => setReason((event.target as HTMLTextAreaElement).value)}
        aria-describedby={problems.reason ? 'policy-reason-error' : undefined}
      />
      <FieldError id="policy-reason-error" message={problems.reason} />
      {problems.form && (
        <p role="alert" class="notice error">
          {problems.form}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Save policy
      </button>
    </form>
  );
}

export default function PolicyPage() {
  const loaded = useData(() => getPolicy(), []);
  const [saved, setSaved] = useState<string>();
  return (
    <>
      <h1>Policy</h1>
      <WhenLoaded loaded={loaded} what="the policy">
        {(current) => (
          <>
            <p>
              Version {current.version}: {summary(current.policy)}.
            </p>
            {saved && (
              <p role="status" class="notice ok">
                {saved}
              </p>
            )}
            <Editor key={current.version} current={current} onSaved={() => void loaded.reload()} setSaved={setSaved} />
            <h2>History</h2>
            {(current.history ?? []).length === 0 ? (
              <p>No change yet: this is the policy the system started with.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {[...(current.history ?? [])].reverse().map((change) => (
                    <tr key={change.version}>
                      <td>{change.version}</td>
                      <td>{formatTime(change.at)}</td>
                      <td>
                        {change.by} ({change.role})
                      </td>
                      <td>{summary(change.policy)}</td>
                      <td>{change.reason ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </WhenLoaded>
    </>
  );
}
