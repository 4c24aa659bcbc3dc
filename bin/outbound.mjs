#!/usr/bin/env node
// The project's CLI, run from its TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
