// One local cloud and one Chromium for every browser test file: the cloud is started as a person starts it
// (`npm start`, in its own process, on free ports in a temporary home), the browser as a server the files connect to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchBrowserServer } from '../../fixtures/chromium.js';
import { startCloudProcess } from '../../local/child.js';
import type { Endpoints } from '../../local/endpoints.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cloudHome: string;
    endpoints: Endpoints;
    browserEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const home = mkdtempSync(join(tmpdir(), 'outbound-browser-'));
  const [cloud, browser] = await Promise.all([startCloudProcess(home, 90_000), launchBrowserServer()]);
  project.provide('cloudHome', home);
  project.provide('endpoints', cloud.endpoints);
  project.provide('browserEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    await cloud.stop();
    rmSync(home, { recursive: true, force: true });
  };
}
