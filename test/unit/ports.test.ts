import { describe, expect, it } from 'vitest';
import { SHIPPED_PORTS } from '../../functions/domain/port-data.js';
import { PortRegistry } from '../../functions/domain/ports.js';

describe('the shipped port registry', () => {
  const registry = new PortRegistry(SHIPPED_PORTS);

  it('holds the 117 BTS land ports with their borders', () => {
    expect(registry.all()).toHaveLength(117);
    expect(registry.all().filter((p) => p.border === 'US-Mexico')).toHaveLength(28);
    expect(registry.get('2304')).toMatchObject({ name: 'Laredo', state: 'Texas', border: 'US-Mexico', active: true });
  });

  it('marks ports that stopped reporting as inactive', () => {
    expect(registry.get('0101')).toMatchObject({ name: 'Portland', active: false });
    expect(registry.active().every((p) => p.active)).toBe(true);
    expect(registry.active().length).toBeLessThan(117);
    expect(registry.isKnown('9999')).toBe(false);
  });
});
