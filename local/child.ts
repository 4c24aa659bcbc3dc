// The local cloud in a child process, started as `npm start` starts it, on free ports in a home of the caller's, with
// no schedules or web watcher: what the browser tests and the benchmarks run against.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoints } from './endpoints.js';
import { PORT_ENV } from './net.js';

export interface CloudProcess {
  child: ChildProcess;
  endpoints: Endpoints;
  /** Ctrl-C, as a person stops it; killed if it has not exited within ten seconds. */
  stop(): Promise<void>;
}

export async function startCloudProcess(home: string, timeoutMs = 120_000): Promise<CloudProcess> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'local/start.ts'], {
    env: {
      ...process.env,
      OUTBOUND_HOME: home,
      OUTBOUND_SCHEDULES: 'off',
      OUTBOUND_WEB_WATCH: 'off',
      // every service's port variable, so each takes a free port (a new service is covered as it is added)
      ...Object.fromEntries(Object.values(PORT_ENV).map((name) => [name, '0'])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the local cloud did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const file = join(home, 'endpoints.json');
  if (!existsSync(file)) throw new Error(`no endpoints.json in ${home}`);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { child, endpoints: JSON.parse(readFileSync(file, 'utf8')) as Endpoints, stop };
}
