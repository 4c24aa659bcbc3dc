// One referral: the finding, the record it came from, the audit trail, and the answer this person may give —
// a supervisor's Approve/Decline with a Reason, an investigator's Accept/Reject with a Case number. A second click,
// a second tab or a stale page is told what already happened, never shown a raw error.
import { useRef, useState } from 'preact/hooks';
import { describeFinding } from '../../../functions/domain/referrals.js';
import { ApiError } from '../../shared/api.js';
import { href } from '../../shared/router.js';
import type { Person } from '../../shared/session.js';
import { FieldError, LoadError, Loading } from '../components.js';
import { answerAsAgency, decide, getReferral, type ReferralWithAudit } from '../data/referrals.js';
import { formatStatus, formatTime } from '../format.js';
import { useData } from '../use-data.js';

function whatHappened(referral: ReferralWithAudit): string {
  if (referral.agencyResponse)
    return `${referral.agencyResponse.accepted ? `Accepted with case number ${referral.agencyResponse.caseNumber}` : `Rejected (${referral.agencyResponse.reason})`} by ${referral.agencyResponse.by} on ${formatTime(referral.agencyResponse.at)}. Status now: ${formatStatus(referral.status)}.`;
  if (referral.decision)
    return `${referral.decision.decision === 'approve' ? 'Approved' : 'Declined'} by ${referral.decision.by} on ${formatTime(referral.decision.at)}${referral.decision.reason ? ` (reason: ${referral.decision.reason})` : ''}. Status now: ${formatStatus(referral.status)}.`;
  return `Status now: ${formatStatus(referral.status)}.`;
}

/** Reads the referral until the workflow has recorded an answer (or a few seconds have passed). */
async function settled(id: string, done: (r: ReferralWithAudit) => boolean): Promise<ReferralWithAudit> {
  let latest = await getReferral(id);
  for (let i = 0; i < 40 && !done(latest); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    latest = await getReferral(id);
  }
  return latest;
}

type Outcome = { kind: 'done' | 'already' | 'error'; text: string } | undefined;

function DecisionForm({
  referral,
  onAnswered,
}: {
  referral: ReferralWithAudit;
  onAnswered: (message: Outcome) => void;
}) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const send = async (decision: 'approve' | 'decline') => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setProblem(undefined);
    try {
      await decide(referral.referralId, decision, reason);
      const after = await settled(referral.referralId, (r) => r.decision !== undefined);
      onAnswered({ kind: 'done', text: `Your decision was recorded. ${whatHappened(after)}` });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        setProblem(error.details.find((d) => d.field === 'reason' || d.path === 'reason')?.message ?? error.message);
      } else if (error instanceof ApiError && error.status === 409) {
        const after = await settled(referral.referralId, (r) => r.decision !== undefined);
        onAnswered({ kind: 'already', text: `This referral has already been decided. ${whatHappened(after)}` });
      } else setOutcome({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="decide-heading">
      <h2 id="decide-heading">Your decision</h2>
      <label for="reason">Reason</label>
      <textarea
        id="reason"
        value={reason}
        aria-describedby={problem ? 'reason-error' : undefined}
        aria-invalid={problem ? 'true' : undefined}
        onInput={(event) => setReason((event.target as HTMLTextAreaElement).value)}
      />
      <FieldError id="reason-error" message={problem} />
      <p class="muted">A reason is needed to decline; it is kept in the audit trail.</p>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => void send('approve')}>
          Approve
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void send('decline')}>
          Decline
        </button>
      </div>
      {outcome?.kind === 'error' && (
        <p role="alert" class="notice error">
          {outcome.text}
        </p>
      )}
    </section>
  );
}

function AgencyForm({ referral, onAnswered }: { referral: ReferralWithAudit; onAnswered: (message: Outcome) => void }) {
  const [caseNumber, setCaseNumber] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const send = async (accepted: boolean) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setProblems({});
    try {
      await answerAsAgency(
        referral.referralId,
        accepted ? { accepted: true, caseNumber: caseNumber.trim() } : { accepted: false, reason: reason.trim() },
      );
      const after = await settled(referral.referralId, (r) => r.agencyResponse !== undefined);
      onAnswered({ kind: 'done', text: `Your answer was recorded. ${whatHappened(after)}` });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const found: Record<string, string> = {};
        for (const detail of error.details) found[detail.field ?? detail.path ?? ''] = detail.message;
        if (Object.keys(found).length === 0) found[accepted ? 'caseNumber' : 'reason'] = error.message;
        setProblems(found);
      } else if (error instanceof ApiError && error.status === 409) {
        const after = await settled(referral.referralId, (r) => r.agencyResponse !== undefined);
        onAnswered({ kind: 'already', text: `This referral has already been answered. ${whatHappened(after)}` });
      } else setOutcome({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="answer-heading">
      <h2 id="answer-heading">Your agency's answer</h2>
      <div class="row">
        <div>
          <label for="case-number">Case number</label>
          <input
            id="case-number"
            value={caseNumber}
            aria-describedby={problems.caseNumber ? 'case-number-error' : undefined}
            onInput={(event) => setCaseNumber((event.target as HTMLInputElement).value)}
          />
          <FieldError id="case-number-error" message={problems.caseNumber} />
        </div>
        <button type="button" disabled={busy} onClick={() => void send(true)}>
          Accept
        </button>
      </div>
      <label for="agency-reason">Reason</label>
      <textarea
        id="agency-reason"
        value={reason}
        aria-describedby={problems.reason ? 'agency-reason-error' : undefined}
        onInput={(event) => setReason((event.target as HTMLTextAreaElement).value)}
      />
      <FieldError id="agency-reason-error" message={problems.reason} />
      <button type="button" class="danger" disabled={busy} onClick={() => void send(false)}>
        Reject
      </button>
      {outcome?.kind === 'error' && (
        <p role="alert" class="notice error">
          {outcome.text}
        </p>
      )}
    </section>
  );
}

function mayDecide(person: Person, referral: ReferralWithAudit): boolean {
  if (referral.status !== 'PENDING_DECISION') return false;
  if (person.role === 'supervisor') return person.port === referral.portCode;
  return person.role === 'hq' && referral.escalation === 'hq';
}

export default function ReferralPage({ params, person }: { params: Record<string, string>; person: Person }) {
  const id = params.id as string;
  const loaded = useData(() => getReferral(id), [id]);
  const [answered, setAnswered] = useState<Outcome>();
  const onAnswered = (outcome: Outcome) => {
    setAnswered(outcome);
    void loaded.reload();
  };
  if (loaded.error)
    return (
      <>
        <h1>Referral</h1>
        <LoadError message={loaded.status === 404 ? `There is no referral ${id} that you may see.` : loaded.error} />
        <p>
          <a href={href('/referrals')}>Back to the referrals</a>
        </p>
      </>
    );
  const referral = loaded.data;
  if (!referral) return <Loading what="the referral" />;
  return (
    <>
      <h1>
        Referral: {describeFinding(referral.finding)} at {referral.portName} ({referral.portCode})
      </h1>
      <p>
        <a href={href('/referrals')}>Back to the referrals</a>
      </p>
      <div class="grid-2">
        <div>
          <section class="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">The finding</h2>
            <dl class="facts">
              <dt>Referral</dt>
              <dd>{referral.referralId}</dd>
              <dt>Status</dt>
              <dd>
                {formatStatus(referral.status)}
                {referral.escalation ? ` (escalated to ${referral.escalation})` : ''}
              </dd>
              <dt>Finding</dt>
              <dd>{describeFinding(referral.finding)}</dd>
              <dt>Agencies</dt>
              <dd>{referral.agencies.join(', ')}</dd>
              <dt>Answer due</dt>
              <dd>{referral.waitingFor ? formatTime(referral.slaDueAt) : '—'}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="record-heading">
            <h2 id="record-heading">The inspection record</h2>
            <dl class="facts">
              <dt>Record</dt>
              <dd>{referral.recordId}</dd>
              <dt>Finding number</dt>
              <dd>{referral.findingIndex + 1}</dd>
              <dt>Inspected at</dt>
              <dd>{formatTime(referral.inspectedAt)}</dd>
              <dt>Port</dt>
              <dd>
                {referral.portName} ({referral.portCode})
              </dd>
            </dl>
          </section>
          {mayDecide(person, referral) && <DecisionForm referral={referral} onAnswered={onAnswered} />}
          {person.role === 'investigator' && referral.status === 'ROUTED' && (
            <AgencyForm referral={referral} onAnswered={onAnswered} />
          )}
          {answered ? (
            <p role="status" class={`notice ${answered.kind === 'done' ? 'ok' : ''}`}>
              {answered.text}
            </p>
          ) : (
            !mayDecide(person, referral) &&
            !(person.role === 'investigator' && referral.status === 'ROUTED') && (
              <p class="notice">{whatHappened(referral)}</p>
            )
          )}
        </div>
        <section class="card" aria-labelledby="audit-heading">
          <h2 id="audit-heading">Audit trail</h2>
          <ol class="trail">
            {referral.audit.map((entry) => (
              <li key={`${entry.at}-${entry.action}`}>
                <strong>{formatTime(entry.at)}</strong> — {entry.action}: {entry.fromStatus ?? 'new'} → {entry.toStatus}{' '}
                by {entry.actor} ({entry.role}){entry.detail ? `. ${entry.detail}` : ''}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}
