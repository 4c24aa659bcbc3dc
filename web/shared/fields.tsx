// Form fields with a visible label and, beside each, what is wrong with it: the field app's forms and the console's.
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from './field-errors.js';

export interface FieldProps {
  id: string;
  label: string;
  errors: FieldErrors;
  /** The record's field path whose error shows here. */
  path: string;
  hint?: string;
  /** The message is a whole sentence (the API's), shown as it is rather than after the label. */
  sentence?: boolean;
}

function ErrorText({ id, label, message, sentence }: FieldProps & { message: string | undefined }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      {sentence ? message : `${label} ${message}`}
    </p>
  ) : null;
}

function described(id: string, message: string | undefined, hint?: string) {
  const ids = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': message ? true : undefined, 'aria-describedby': ids || undefined };
}

export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    type?: 'text' | 'number' | 'datetime-local' | 'date';
    step?: string;
    min?: string;
    max?: string;
    placeholder?: string;
    required?: boolean;
  },
) {
  const message = props.errors[props.path];
  return (
    <div class={`field${message ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.path}
        type={props.type ?? 'text'}
        inputMode={props.type === 'number' ? 'decimal' : undefined}
        step={props.step}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        required={props.required}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        {...described(props.id, message, props.hint)}
      />
      <ErrorText {...props} message={message} />
    </div>
  );
}

export function TextArea(props: FieldProps & { value: string; onInput: (value: string) => void }) {
  const message = props.errors[props.path];
  return (
    <div class={`field${message ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        name={props.path}
        rows={3}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        {...described(props.id, message)}
      />
      <ErrorText {...props} message={message} />
    </div>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: ReadonlyArray<readonly [value: string, label: string]>;
    placeholder?: string;
  },
) {
  const message = props.errors[props.path];
  return (
    <div class={`field${message ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.path}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value)}
        {...described(props.id, message)}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <ErrorText {...props} message={message} />
    </div>
  );
}

export function Checkbox(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class="check">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

export function CheckboxGroup(
  props: FieldProps & {
    values: readonly string[];
    onChange: (values: string[]) => void;
    options: ReadonlyArray<readonly [value: string, label: string]>;
  },
) {
  const message = props.errors[props.path];
  const toggle = (value: string, on: boolean) =>
    props.onChange(on ? [...props.values, value] : props.values.filter((v) => v !== value));
  return (
    <fieldset
      class={`field group${message ? ' invalid' : ''}`}
      aria-describedby={message ? `${props.id}-error` : undefined}
    >
      <legend>{props.label}</legend>
      <div class="options">
        {props.options.map(([value, label]) => (
          <Checkbox
            key={value}
            id={`${props.id}-${value}`}
            label={label}
            checked={props.values.includes(value)}
            onChange={(on) => toggle(value, on)}
          />
        ))}
      </div>
      <ErrorText {...props} message={message} />
    </fieldset>
  );
}

export function FormErrors({ errors, known }: { errors: FieldErrors; known: readonly string[] }) {
  const others = Object.entries(errors).filter(([path]) => !known.some((k) => path === k || path.startsWith(`${k}.`)));
  const count = Object.keys(errors).length;
  if (count === 0) return null;
  return (
    <div class="form-errors" role="alert">
      <p>{count === 1 ? 'One field needs' : `${count} fields need`} attention before this record can be saved.</p>
      {others.length > 0 ? (
        <ul>
          {others.map(([path, message]) => (
            <li key={path}>
              {path} {message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
