// Starts the local cloud for a test file: fresh data directory, free ports, stopped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSecret, mintToken, type TokenRequest } from '../../local/auth.js';
import { FREE_PORTS, type LocalCloud, type ServicePorts, startLocalCloud } from '../../local/cloud.js';

export const ANY_PORTS: ServicePorts = FREE_PORTS;

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'outbound-'));
}

export async function startTestCloud(
  home = tempHome(),
  ports: ServicePorts = ANY_PORTS,
  feedUploads = true,
): Promise<LocalCloud> {
  return startLocalCloud({ home, ports, schedules: false, feedUploads });
}

export async function stopTestCloud(cloud: LocalCloud, removeData = true): Promise<void> {
  await cloud.stop();
  if (removeData) rmSync(cloud.home, { recursive: true, force: true });
}

/** What a helper needs of a local cloud: its addresses and data folder (a cloud in this process or another). */
export type CloudAddress = Pick<LocalCloud, 'endpoints' | 'home'>;

export async function tokenFor(cloud: CloudAddress, request: TokenRequest): Promise<string> {
  return mintToken(localSecret(cloud.home), request);
}

export async function api(cloud: CloudAddress, path: string, init: RequestInit & { token?: string } = {}) {
  const { token, ...rest } = init;
  const response = await fetch(`${cloud.endpoints.api}${path}`, {
    ...rest,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
      ...rest.headers,
    },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function putPolicy(cloud: CloudAddress, token: string, policy: unknown, version: number) {
  return api(cloud, '/policy', { method: 'PUT', token, body: JSON.stringify({ policy, version }) });
}

/** Starts a job through the API and follows `GET /jobs/{id}` until it is done or failed: the start's status, the end. */
export async function runJobThroughApi(cloud: LocalCloud, token: string, path: string, timeoutMs = 120_000) {
  const started = await api(cloud, path, { method: 'POST', token });
  if (started.status !== 202) return started;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = await api(cloud, started.body.href, { token });
    if (run.body?.status === 'done' || run.body?.status === 'failed') return { status: started.status, body: run.body };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path}: job ${started.body.jobId} did not end within ${timeoutMs} ms`);
}
