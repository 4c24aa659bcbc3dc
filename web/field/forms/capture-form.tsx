// The frame every record form shares: the app fills in what it knows, the schema checks, "Save" queues the record.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { RecordKind } from '../../../functions/domain/records/kinds.js';
import { FormErrors } from '../../shared/fields.js';
import { type CaptureContext, KINDS, type ValuesOf } from './kinds.js';
import { checkRecord, type FieldErrors } from './validation.js';

export interface FormState<K extends RecordKind> {
  values: ValuesOf[K];
  errors: FieldErrors;
  set: <F extends keyof ValuesOf[K]>(field: F, value: ValuesOf[K][F]) => void;
  update: (change: (values: ValuesOf[K]) => ValuesOf[K]) => void;
}

export interface CaptureFormProps<K extends RecordKind> {
  kind: K;
  /** Values to start from (a correction), else the kind's empty form. */
  initial?: ValuesOf[K];
  /** Reasons to show beside the fields from the start (a receipt's). */
  initialErrors?: FieldErrors;
  context: () => CaptureContext;
  onSave: (data: Record<string, unknown>) => Promise<void>;
  saveLabel?: string;
  children: (form: FormState<K>) => ComponentChildren;
  /** Fields the form shows, so errors of other paths are listed at the top. */
  fields: readonly string[];
}

export function CaptureForm<K extends RecordKind>(props: CaptureFormProps<K>) {
  const spec = KINDS[props.kind];
  const [values, setValues] = useState<ValuesOf[K]>(() => props.initial ?? (spec.empty(new Date()) as ValuesOf[K]));
  const [errors, setErrors] = useState<FieldErrors>(props.initialErrors ?? {});
  const [saved, setSaved] = useState<string>('');
  const [saving, setSaving] = useState(false);
  const form: FormState<K> = {
    values,
    errors,
    set: (field, value) => setValues((current) => ({ ...current, [field]: value })),
    update: (change) => setValues(change),
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    const candidate = (spec.candidate as (v: ValuesOf[K], c: CaptureContext) => Record<string, unknown>)(
      values,
      props.context(),
    );
    const checked = checkRecord(props.kind, candidate);
    if (!checked.ok) {
      setErrors(checked.errors);
      setSaved('');
      const first = Object.keys(checked.errors)[0];
      const target = first ? document.querySelector<HTMLElement>(`[name="${first}"]`) : null;
      target?.focus();
      return;
    }
    setSaving(true);
    try {
      await props.onSave(checked.data);
      setErrors({});
      setSaved(`${spec.title} saved on this device.`);
      if (!props.initial) setValues(spec.empty(new Date()) as ValuesOf[K]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="capture" onSubmit={submit} noValidate aria-label={spec.title}>
      <FormErrors errors={errors} known={props.fields} />
      {props.children(form)}
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          {props.saveLabel ?? 'Save'}
        </button>
        <p class="saved" role="status">
          {saved}
        </p>
      </div>
    </form>
  );
}
