// Times as the records carry them: ISO-8601 with the device's own offset, e.g. 2026-11-01T14:05:00-06:00.
const two = (n: number) => String(n).padStart(2, '0');

export function offsetOf(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export function localDateOf(date: Date): string {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** The value a `datetime-local` input shows for this instant (minutes). */
export function localInputOf(date: Date): string {
  return `${localDateOf(date)}T${two(date.getHours())}:${two(date.getMinutes())}`;
}

export function localIsoString(date: Date): string {
  return `${localInputOf(date)}:${two(date.getSeconds())}${offsetOf(date)}`;
}

/** A `datetime-local` value read as the device's local time, with its offset; '' stays undefined. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : localIsoString(date);
}
