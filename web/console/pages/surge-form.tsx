// Schedule a surge operation; the API's validation messages appear beside the fields they concern.
import { useState } from 'preact/hooks';
import { BORDERS } from '../../../functions/domain/ports.js';
import { ApiError } from '../../shared/api.js';
import type { FieldErrors } from '../../shared/field-errors.js';
import { SelectField, TextArea, TextField } from '../../shared/fields.js';
import { navigate } from '../../shared/router.js';
import { type SurgeRequest, scheduleSurge } from '../data/surges.js';

/** A datetime-local value (the browser's local time) as ISO-8601 with the local offset. */
function withOffset(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

const MODES = [
  ['random', 'Random (weighted toward ports below the minimum)'],
  ['intelligence', 'Intelligence (the ports you list)'],
] as const;
const FIELDS = ['mode', 'border', 'ports', 'count', 'start', 'end', 'justification'] as const;
type Field = (typeof FIELDS)[number];

export default function SurgeFormPage() {
  const [mode, setMode] = useState<'random' | 'intelligence'>('random');
  const [border, setBorder] = useState('');
  const [ports, setPorts] = useState('');
  const [count, setCount] = useState('3');
  const [start, setStart] = useState(localInput(new Date(Date.now() + 3600_000)));
  const [end, setEnd] = useState(localInput(new Date(Date.now() + 3 * 86_400_000)));
  const [justification, setJustification] = useState('');
  const [problems, setProblems] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblems({});
    const codes = ports
      .split(/[\s,]+/)
      .map((code) => code.trim())
      .filter(Boolean);
    const request = {
      mode,
      ...(border ? { border } : {}),
      ...(codes.length > 0 ? { ports: codes } : {}),
      ...(mode === 'random' && count ? { count: Number(count) } : {}),
      start: withOffset(start),
      end: withOffset(end),
      justification,
    } as SurgeRequest;
    try {
      const { surgeId } = await scheduleSurge(request);
      navigate(`/surges/${surgeId}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const found: FieldErrors = {};
        for (const detail of error.details) {
          const field = String(detail.field ?? detail.path ?? '').split('.')[0] as Field;
          if (FIELDS.includes(field)) found[field] = found[field] ?? detail.message;
          else found.form = detail.message;
        }
        if (Object.keys(found).length === 0) found.form = error.message;
        setProblems(found);
      } else setProblems({ form: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field, label: string) => ({ id: name, path: name, label, errors: problems, sentence: true });
  return (
    <>
      <h1>Schedule a surge operation</h1>
      <form class="card" onSubmit={(event) => void submit(event)} noValidate>
        <SelectField
          {...field('mode', 'Mode')}
          value={mode}
          onChange={(value) => setMode(value as typeof mode)}
          options={MODES}
        />
        <SelectField
          {...field('border', 'Border')}
          value={border}
          onChange={setBorder}
          placeholder="Both borders"
          options={BORDERS.map((b) => [b, b] as const)}
        />
        <TextField
          {...field('ports', 'Ports')}
          hint="Port codes, for an intelligence operation (random mode chooses them)."
          placeholder="e.g. 2304, 2404"
          value={ports}
          onInput={setPorts}
        />
        <TextField {...field('count', 'Count')} type="number" min="1" max="20" value={count} onInput={setCount} />
        <div class="row">
          <TextField {...field('start', 'Start')} type="datetime-local" step="1" value={start} onInput={setStart} />
          <TextField {...field('end', 'End')} type="datetime-local" step="1" value={end} onInput={setEnd} />
        </div>
        <TextArea {...field('justification', 'Justification')} value={justification} onInput={setJustification} />

        {problems.form && (
          <p role="alert" class="notice error">
            {problems.form}
          </p>
        )}
        <p>
          <button type="submit" disabled={busy}>
            Schedule operation
          </button>
        </p>
      </form>
    </>
  );
}
