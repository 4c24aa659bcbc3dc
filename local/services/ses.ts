// SES for the local cloud: aws-ses-v2-local, mail kept in memory, its viewer at the same address.
import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { closeServer, LOCAL_HOST } from '../net.js';

// a CommonJS module with `exports.default`: Node's ESM loader and vite's interop disagree on where the function is
type StartSes = (config: { host: string; port: number }) => Promise<Server>;

export async function startSes(port: number): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const sesModule = sesLocal as unknown as StartSes | { default: StartSes };
  const start = typeof sesModule === 'function' ? sesModule : sesModule.default;
  const server = await start({ host: LOCAL_HOST, port });
  const listening = (server.address() as { port: number }).port;
  return { endpoint: `http://${LOCAL_HOST}:${listening}`, stop: () => closeServer(server) };
}
