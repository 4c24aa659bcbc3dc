// The port registry the project ships (derived from the BTS data by scripts/build-port-registry.ts).
import data from '../../data/ports.json' with { type: 'json' };
import { type Port, PortSchema } from './ports.js';

export const SHIPPED_PORTS: readonly Port[] = PortSchema.array().parse(data);
