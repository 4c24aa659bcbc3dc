// The officer's records not yet stored: waiting, being sent, or refused with the receipt's reason beside them.
import { fieldInWords } from '../forms/words.js';
import type { QueuedRecord } from '../queue/store.js';
import { queue } from '../state.js';

const STATE_WORDS: Record<QueuedRecord['state'], string> = {
  waiting: 'Waiting to send',
  sending: 'Sending',
  rejected: 'Rejected',
  conflict: 'Conflict',
};

function savedAt(record: QueuedRecord) {
  return new Date(record.savedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

export function QueueView({ onDiscard }: { onDiscard: (record: QueuedRecord) => void }) {
  const records = queue.value;
  return (
    <section class="card" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Queue</h2>
      {records.length === 0 ? <p>Nothing waits on this device: every record has its receipt.</p> : null}
      <ul class="records">
        {records.map((record) => (
          <li key={record.recordId} class={`record ${record.state}`}>
            <p class="what">
              <strong>{record.summary}</strong> <span class={`badge ${record.state}`}>{STATE_WORDS[record.state]}</span>
            </p>
            <p class="meta">
              Saved {savedAt(record)} · <span class="id">{record.recordId}</span>
            </p>
            {record.reasons && record.reasons.length > 0 ? (
              <ul class="reasons" aria-label="Reasons">
                {record.reasons.map((reason) => (
                  <li key={`${reason.field}:${reason.message}`}>
                    <strong>{fieldInWords(reason.field)}</strong> {reason.message}
                  </li>
                ))}
              </ul>
            ) : null}
            {record.state === 'rejected' || record.state === 'conflict' ? (
              <p class="record-actions">
                <a class="button" href={`#/correct/${encodeURIComponent(record.recordId)}`}>
                  Correct and resend
                </a>
                <button type="button" class="danger" onClick={() => onDiscard(record)}>
                  Discard
                </button>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
