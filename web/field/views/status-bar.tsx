// Always in sight: the network, "Waiting to send: N", "Send now", how the last send went, and the device's storage.
import { needsCorrection, online, otherOfficersWaiting, sendStatus, storageInfo, waitingCount } from '../state.js';

const megabytes = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;

function SendMessage() {
  const status = sendStatus.value;
  switch (status.state) {
    case 'sending':
      return <>Sending…</>;
    case 'sent':
      return <>Last sent {new Date(status.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.</>;
    case 'offline':
      return <>No network: records are kept on this device and sent when it returns.</>;
    case 'failed':
      return (
        <>
          Sending failed ({status.message}).
          {status.nextTryAt
            ? ` Trying again at ${new Date(status.nextTryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.`
            : ''}
        </>
      );
    case 'session-expired':
      return <>Your session has expired: sign in again to send.</>;
    case 'busy':
      return <>Another window of this app is sending.</>;
    case 'idle':
      return null;
  }
}

export function StatusBar({ onSendNow }: { onSendNow: () => void }) {
  const storage = storageInfo.value;
  const corrections = needsCorrection.value.length;
  return (
    <>
      <section class="status" aria-label="Sending">
        <p class="network">
          <span class={`dot ${online.value ? 'up' : 'down'}`} aria-hidden="true" />
          {online.value ? 'Online' : 'Offline'}
        </p>
        <p class="waiting" role="status" aria-live="polite">
          Waiting to send: {waitingCount.value}
        </p>
        {corrections > 0 ? (
          <p class="corrections">
            <a href="#/queue">Needs correction: {corrections}</a>
          </p>
        ) : null}
        <button type="button" onClick={onSendNow} disabled={!online.value}>
          Send now
        </button>
      </section>
      <section class="status-detail" aria-label="Sending details">
        <p class="send-message">
          <SendMessage />
        </p>
        <p class="storage">
          Storage:{' '}
          {storage.persisted === undefined
            ? 'checking…'
            : storage.persisted
              ? 'kept (persistent storage granted)'
              : 'not guaranteed (persistent storage not granted)'}
          {storage.freeBytes !== undefined ? ` · ${megabytes(storage.freeBytes)} free` : ''}
        </p>
        {otherOfficersWaiting.value > 0 ? (
          <p class="others">
            {otherOfficersWaiting.value} records of another officer wait on this device until that officer signs in.
          </p>
        ) : null}
      </section>
    </>
  );
}
