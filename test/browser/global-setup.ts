// One local cloud and one Chromium for every browser test file: the cloud is started as a person starts it
// (`npm start`, in its own process, on free ports in a temporary home), the browser as a server the files connect to.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { type Endpoints, PORT_ENV } from '../../local/cloud.js';
import { launchBrowserServer } from '../support/chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cloudHome: string;
    endpoints: Endpoints;
    browserEndpoint: string;
  }
}

/** Every service's port variable, so each takes a free port (a new service is covered as it is added). */
const PORT_VARIABLES = Object.values(PORT_ENV);

async function startCloud(home: string): Promise<{ process: ChildProcess; endpoints: Endpoints }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'local/start.ts'], {
    env: {
      ...process.env,
      OUTBOUND_HOME: home,
      OUTBOUND_SCHEDULES: 'off',
      OUTBOUND_WEB_WATCH: 'off',
      ...Object.fromEntries(PORT_VARIABLES.map((name) => [name, '0'])),
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
  const file = join(home, 'endpoints.json');
  const deadline = Date.now() + 90_000;
  while (!output.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the local cloud did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!existsSync(file)) throw new Error(`no endpoints.json in ${home}`);
  return { process: child, endpoints: JSON.parse(readFileSync(file, 'utf8')) as Endpoints };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const home = mkdtempSync(join(tmpdir(), 'outbound-browser-'));
  const [cloud, browser] = await Promise.all([startCloud(home), launchBrowserServer() as Promise<BrowserServer>]);
  project.provide('cloudHome', home);
  project.provide('endpoints', cloud.endpoints);
  project.provide('browserEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    const exited = new Promise((resolve) => cloud.process.once('exit', resolve));
    cloud.process.kill('SIGINT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (cloud.process.exitCode === null) cloud.process.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  };
}
