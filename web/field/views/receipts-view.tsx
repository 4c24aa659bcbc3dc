// The officer's receipts: what was sent, when, and what became of each record.
import { fieldInWords } from '../forms/words.js';
import type { BatchRecordLine } from '../queue/store.js';
import { receipts } from '../state.js';

const RESULT_WORDS: Record<NonNullable<BatchRecordLine['result']>, string> = {
  stored: 'Accepted',
  rejected: 'Rejected',
  conflict: 'Conflict',
  unknown: 'Sent again',
};

const when = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) : '—';

export function ReceiptsView() {
  const batches = receipts.value;
  return (
    <section class="card" aria-labelledby="receipts-heading">
      <h2 id="receipts-heading">Receipts</h2>
      {batches.length === 0 ? <p>No receipts yet.</p> : null}
      {batches.map((batch) => (
        <article key={batch.batchId} class="receipt" aria-label={`Batch ${batch.batchId}`}>
          <h3>
            {batch.records.length} {batch.kind} record{batch.records.length === 1 ? '' : 's'} ·{' '}
            {batch.receipt?.status ?? ''}
          </h3>
          <p class="meta">
            Sent {when(batch.firstSentAt)} · receipt {when(batch.receipt?.processedAt)} · batch{' '}
            <span class="id">{batch.batchId}</span>
          </p>
          {batch.receipt ? (
            <p class="meta">
              {batch.receipt.accepted} accepted, {batch.receipt.duplicates} already stored, {batch.receipt.rejected}{' '}
              rejected, {batch.receipt.conflicts} conflicts
            </p>
          ) : null}
          <ul class="records compact">
            {batch.records.map((line) => (
              <li key={line.recordId}>
                {line.summary} —{' '}
                <span class={`badge ${line.result ?? ''}`}>{line.result ? RESULT_WORDS[line.result] : '—'}</span>
                {line.reasons?.map((reason) => (
                  <span key={`${reason.field}:${reason.message}`} class="reason">
                    {' '}
                    {fieldInWords(reason.field)} {reason.message}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
