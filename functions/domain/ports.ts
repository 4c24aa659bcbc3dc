// The port registry: land ports of entry on the Canada and Mexico borders.
import * as z from 'zod/mini';
import { once } from './once.js';
import './zod-locale.js';

export const BORDERS = ['US-Canada', 'US-Mexico'] as const;
export type Border = (typeof BORDERS)[number];

/** A port of entry's code: four digits (2304 is Laredo). */
export const PORT_CODE = /^\d{4}$/;

/** A port code as a field of a schema, with that field's message (and its own message when the field is missing). */
export const portCodeString = (message: string, missing?: string) =>
  z.string(missing).check(z.regex(PORT_CODE, message));

/** Built on first use, as the port schema is: a function that never checks a port code builds neither. */
export const portCodeSchema = once(() => portCodeString('a port code is 4 digits'));

export const portSchema = once(() => {
  const named = z.string().check(z.minLength(1));
  return z.object({
    code: portCodeSchema(),
    name: named,
    state: named,
    border: z.enum(BORDERS),
    latitude: z.number(),
    longitude: z.number(),
    active: z.boolean(),
    lastReported: z.optional(z.string()),
  });
});
export type Port = z.infer<ReturnType<typeof portSchema>>;

export class PortRegistry {
  private readonly byCode: ReadonlyMap<string, Port>;

  constructor(ports: readonly Port[]) {
    this.byCode = new Map(ports.map((port) => [port.code, port]));
  }

  get(code: string): Port | undefined {
    return this.byCode.get(code);
  }

  isKnown(code: string): boolean {
    return this.byCode.has(code);
  }

  all(): Port[] {
    return [...this.byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  active(): Port[] {
    return this.all().filter((port) => port.active);
  }
}
