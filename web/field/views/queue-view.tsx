// The officer's records not yet stored: those refused with the receipt's reason beside them first, then those
// waiting or being sent (the oldest few, with counts, until the officer asks for all of them).
import { useState } from 'preact/hooks';
import { fieldInWords } from '../forms/words.js';
import type { QueuedRecord } from '../queue/store.js';
import { queue } from '../state.js';

const STATE_WORDS: Record<QueuedRecord['state'], string> = {
  waiting: 'Waiting to send',
  sending: 'Sending',
  rejected: 'Rejected',
  conflict: 'Conflict',
};

/** Records waiting or being sent listed at first: a long queue is counted, not drawn row by row. */
export const FIRST_SHOWN = 50;

function savedAt(record: QueuedRecord) {
  return new Date(record.savedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

function RecordRow({ record, onDiscard }: { record: QueuedRecord; onDiscard: (record: QueuedRecord) => void }) {
  return (
    <li class={`record ${record.state}`}>
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
  );
}

export function QueueView({ onDiscard }: { onDiscard: (record: QueuedRecord) => void }) {
  const [showAll, setShowAll] = useState(false);
  const records = queue.value;
  const refused = records.filter((record) => record.state === 'rejected' || record.state === 'conflict');
  const pending = records.filter((record) => record.state === 'waiting' || record.state === 'sending');
  const sending = pending.filter((record) => record.state === 'sending').length;
  const shown = showAll ? pending : pending.slice(0, FIRST_SHOWN);
  return (
    <section class="card" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Queue</h2>
      {records.length === 0 ? (
        <p>Nothing waits on this device: every record has its receipt.</p>
      ) : (
        <p class="queue-counts">
          {pending.length - sending} waiting · {sending} being sent · {refused.length} to correct
        </p>
      )}
      {refused.length > 0 || shown.length > 0 ? (
        <ul class="records">
          {[...refused, ...shown].map((record) => (
            <RecordRow key={record.recordId} record={record} onDiscard={onDiscard} />
          ))}
        </ul>
      ) : null}
      {shown.length < pending.length ? (
        <p class="more">
          {pending.length - shown.length} more records waiting or being sent.{' '}
          <button type="button" onClick={() => setShowAll(true)}>
            Show all {pending.length}
          </button>
        </p>
      ) : null}
    </section>
  );
}
