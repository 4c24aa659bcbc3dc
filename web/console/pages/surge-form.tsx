// Schedule a surge operation; the API's validation messages appear beside the fields they concern.
import { useState } from 'preact/hooks';
import { BORDERS } from '../../../functions/domain/ports.js';
import { ApiError } from '../../shared/api.js';
import { navigate } from '../../shared/router.js';
import { FieldError } from '../components.js';
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
  const [problems, setProblems] = useState<Partial<Record<Field | 'form', string>>>({});
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
        const found: Partial<Record<Field | 'form', string>> = {};
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

  const described = (field: Field) =>
    problems[field] ? { 'aria-describedby': `${field}-error`, 'aria-invalid': 'true' as const } : {};
  return (
    <>
      <h1>Schedule a surge operation</h1>
      <form class="card" onSubmit={(event) => void submit(event)} noValidate>
        <label for="mode">Mode</label>
        <select
          id="mode"
          value={mode}
          onChange={(event) => setMode((event.target as HTMLSelectElement).value as typeof mode)}
          {...described('mode')}
        >
          <option value="random">Random (weighted toward ports below the minimum)</option>
          <option value="intelligence">Intelligence (the ports you list)</option>
        </select>
        <FieldError id="mode-error" message={problems.mode} />

        <label for="border">Border</label>
        <select
          id="border"
          value={border}
          onChange={(event) => setBorder((event.target as HTMLSelectElement).value)}
          {...described('border')}
        >
          <option value="">Both borders</option>
          {BORDERS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
        <FieldError id="border-error" message={problems.border} />

        <label for="ports">Ports</label>
        <input
          id="ports"
          value={ports}
          placeholder="e.g. 2304, 2404"
          onInput={(event) => setPorts((event.target as HTMLInputElement).value)}
          {...described('ports')}
        />
        <p class="muted">Port codes, for an intelligence operation (random mode chooses them).</p>
        <FieldError id="ports-error" message={problems.ports} />

        <label for="count">Count</label>
        <input
          id="count"
          type="number"
          min={1}
          max={20}
          value={count}
          onInput={(event) => setCount((event.target as HTMLInputElement).value)}
          {...described('count')}
        />
        <FieldError id="count-error" message={problems.count} />

        <div class="row">
          <div>
            <label for="start">Start</label>
            <input
              id="start"
              type="datetime-local"
              step={1}
              value={start}
              onInput={(event) => setStart((event.target as HTMLInputElement).value)}
              {...described('start')}
            />
            <FieldError id="start-error" message={problems.start} />
          </div>
          <div>
            <label for="end">End</label>
            <input
              id="end"
              type="datetime-local"
              step={1}
              value={end}
              onInput={(event) => setEnd((event.target as HTMLInputElement).value)}
              {...described('end')}
            />
            <FieldError id="end-error" message={problems.end} />
          </div>
        </div>

        <label for="justification">Justification</label>
        <textarea
          id="justification"
          value={justification}
          onInput={(event) => setJustification((event.target as HTMLTextAreaElement).value)}
          {...described('justification')}
        />
        <FieldError id="justification-error" message={problems.justification} />

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
