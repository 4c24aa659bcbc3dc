// The port registry: land ports of entry on the Canada and Mexico borders.
import * as z from 'zod/mini';
import './zod-locale.js';

export const BORDERS = ['US-Canada', 'US-Mexico'] as const;
export type Border = (typeof BORDERS)[number];

export const PortCode = z.string().check(z.regex(/^\d{4}$/, 'a port code is 4 digits'));

const named = z.string().check(z.minLength(1));
export const PortSchema = z.object({
  code: PortCode,
  name: named,
  state: named,
  border: z.enum(BORDERS),
  latitude: z.number(),
  longitude: z.number(),
  active: z.boolean(),
  lastReported: z.optional(z.string()),
});
export type Port = z.infer<typeof PortSchema>;

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
