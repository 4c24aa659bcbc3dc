// Small pieces every console page uses.
import type { ComponentChildren } from 'preact';
import type { Loaded } from './use-data.js';

export function Loading({ what }: { what: string }) {
  return (
    <p aria-busy="true" class="muted">
      Loading {what}…
    </p>
  );
}

export function LoadError({ message }: { message: string }) {
  return (
    <p role="alert" class="notice error">
      {message}
    </p>
  );
}

/** Draws `children` with the loaded data, or says why there is none yet. */
export function WhenLoaded<T>({
  loaded,
  what,
  children,
}: {
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  if (loaded.data !== undefined) return <>{children(loaded.data)}</>;
  if (loaded.error) return <LoadError message={loaded.error} />;
  return <Loading what={what} />;
}

export function Figures({ items }: { items: Array<[string, string]> }) {
  return (
    <dl class="figures">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The API's message for one field, shown beside it (and tied to it by aria-describedby). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} class="field-error">
      {message}
    </p>
  );
}
