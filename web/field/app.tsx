// The field app: capture forms for the four kinds, the queue, the receipts, and the status bar always in sight.
import type { RecordKind } from '../../functions/domain/records/kinds.js';
import { matchPath, route } from '../shared/router.js';
import { InspectionForm } from './forms/inspection-form.js';
import { type CaptureContext, KINDS, type ValuesOf } from './forms/kinds.js';
import { EquipmentForm, StaffingForm, TrafficForm } from './forms/other-forms.js';
import { errorsFromReasons, type FieldErrors } from './forms/validation.js';
import type { QueuedRecord } from './queue/store.js';
import { deviceId, type FieldApp, officer, online, queue, sessionValid, waitingCount } from './state.js';
import { QueueView } from './views/queue-view.js';
import { ReceiptsView } from './views/receipts-view.js';
import { StatusBar } from './views/status-bar.js';

export interface AppActions {
  app: FieldApp;
  signIn: () => void;
  signOut: () => void;
}

const TABS: ReadonlyArray<readonly [path: string, label: string]> = [
  ['/', 'Inspection'],
  ['/traffic', 'Traffic'],
  ['/staffing', 'Staffing'],
  ['/equipment', 'Equipment'],
  ['/queue', 'Queue'],
  ['/receipts', 'Receipts'],
];

const KIND_OF_PATH: Record<string, RecordKind> = {
  '/': 'inspections',
  '/traffic': 'traffic',
  '/staffing': 'staffing',
  '/equipment': 'equipment',
};

function contextFor(recordId: string, capturedOffline = !navigator.onLine): CaptureContext {
  const who = officer.value;
  if (!who) throw new Error('no officer is signed in on this device');
  return { recordId, portCode: who.port, deviceId: deviceId.value, officerId: who.username, capturedOffline };
}

function FormFor(props: {
  kind: RecordKind;
  initial?: ValuesOf[RecordKind];
  initialErrors?: FieldErrors;
  context: () => CaptureContext;
  onSave: (data: Record<string, unknown>) => Promise<void>;
  saveLabel?: string;
}) {
  const { kind, initial, ...rest } = props;
  switch (kind) {
    case 'inspections':
      return <InspectionForm {...rest} initial={initial as ValuesOf['inspections'] | undefined} />;
    case 'traffic':
      return <TrafficForm {...rest} initial={initial as ValuesOf['traffic'] | undefined} />;
    case 'staffing':
      return <StaffingForm {...rest} initial={initial as ValuesOf['staffing'] | undefined} />;
    case 'equipment':
      return <EquipmentForm {...rest} initial={initial as ValuesOf['equipment'] | undefined} />;
  }
}

function Correction({ record, app }: { record: QueuedRecord; app: FieldApp }) {
  const spec = KINDS[record.kind];
  const conflict = record.state === 'conflict';
  return (
    <section class="card" aria-labelledby="correct-heading">
      <h2 id="correct-heading">Correct {spec.title.toLowerCase()}</h2>
      <p>
        {conflict
          ? 'The server already holds a different record under this id; it keeps that one. Sent again, this record gets a new id.'
          : 'The server refused this record for the reasons beside the fields. Correct them and resend it.'}
      </p>
      <FormFor
        key={record.recordId}
        kind={record.kind}
        initial={spec.values(record.data)}
        initialErrors={errorsFromReasons(record.reasons ?? [])}
        context={() =>
          contextFor(conflict ? crypto.randomUUID() : record.recordId, record.data.capturedOffline === true)
        }
        onSave={async (data) => {
          await app.resend(record, data);
          location.hash = '#/queue';
        }}
        saveLabel="Save and resend"
      />
    </section>
  );
}

function Capture({ kind, app }: { kind: RecordKind; app: FieldApp }) {
  return (
    <section class="card" aria-labelledby="capture-heading">
      <h2 id="capture-heading">{KINDS[kind].title}</h2>
      <FormFor
        key={kind}
        kind={kind}
        context={() => contextFor(crypto.randomUUID())}
        onSave={(data) => app.save(kind, data)}
      />
    </section>
  );
}

function Page({ app }: { app: FieldApp }) {
  const { path } = route.value;
  const kind = KIND_OF_PATH[path];
  if (kind) return <Capture kind={kind} app={app} />;
  if (path === '/queue')
    return (
      <QueueView
        onDiscard={(record) => {
          if (confirm(`Discard "${record.summary}"? It will not be sent.`)) void app.discard(record);
        }}
      />
    );
  if (path === '/receipts') return <ReceiptsView />;
  const correct = matchPath('/correct/:recordId', path);
  if (correct) {
    const record = queue.value.find((r) => r.recordId === correct.recordId);
    if (record && (record.state === 'rejected' || record.state === 'conflict'))
      return <Correction record={record} app={app} />;
    return (
      <p class="card">
        This record is no longer waiting for a correction. <a href="#/queue">Back to the queue</a>
      </p>
    );
  }
  return (
    <p class="card">
      No such page. <a href="#/">New inspection</a>
    </p>
  );
}

function SignInPage({ signIn }: { signIn: () => void }) {
  return (
    <main id="main">
      <section class="card sign-in">
        <h1>Outbound field</h1>
        <p>Sign in once while this device has a network; you can then capture records with or without one.</p>
        {online.value ? (
          <button type="button" class="primary" onClick={signIn}>
            Sign in
          </button>
        ) : (
          <p class="notice">This device is offline. Connect to a network to sign in.</p>
        )}
      </section>
    </main>
  );
}

export function FieldShell({ app, signIn, signOut }: AppActions) {
  const who = officer.value;
  if (!who) return <SignInPage signIn={signIn} />;
  const { path } = route.value;
  return (
    <>
      <a class="skip" href="#main">
        Skip to the form
      </a>
      <header class="top field">
        <span class="brand">Outbound field</span>
        <nav aria-label="Field app">
          <ul>
            {TABS.map(([tab, label]) => (
              <li key={tab}>
                <a href={`#${tab}`} aria-current={path === tab ? 'page' : undefined}>
                  {label}
                  {tab === '/queue' && waitingCount.value > 0 ? ` (${waitingCount.value})` : ''}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          {who.username} · port {who.port} · device {deviceId.value}
          <button type="button" onClick={signOut} disabled={!online.value}>
            Sign out
          </button>
        </p>
      </header>
      {!sessionValid.value && online.value ? (
        <div class="notice session" role="alert">
          Your session has expired. Every record stays on this device; sign in again to send them.{' '}
          <button type="button" onClick={signIn}>
            Sign in again
          </button>
        </div>
      ) : null}
      <StatusBar onSendNow={() => app.sendNow()} />
      <main id="main">
        <Page app={app} />
      </main>
    </>
  );
}
