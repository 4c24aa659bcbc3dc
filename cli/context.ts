// What every CLI command needs: where the local cloud is, and a token to call its API with.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Endpoints } from '../local/cloud.js';

export function outboundHome(): string {
  return resolve(process.env.OUTBOUND_HOME ?? '.outbound');
}

export function readEndpoints(home = outboundHome()): Endpoints {
  const file = join(home, 'endpoints.json');
  if (!existsSync(file)) throw new Error(`no ${file}: start the local cloud first with \`npm start\``);
  return JSON.parse(readFileSync(file, 'utf8')) as Endpoints;
}
