// The port registry the project ships (derived from the BTS data by scripts/build-port-registry.ts).
import * as z from 'zod/mini';
import data from '../../data/ports.json' with { type: 'json' };
import { type Port, portSchema } from './ports.js';

export const SHIPPED_PORTS: readonly Port[] = z.array(portSchema()).parse(data);
