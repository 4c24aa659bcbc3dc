// One local cloud per benchmark process: the functions build their SDK clients once, against the first endpoints.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FREE_PORTS, startLocalCloud } from '../local/cloud.js';

export type BenchCloud = Awaited<ReturnType<typeof startLocalCloud>>;

export async function withCloud(run: (cloud: BenchCloud) => Promise<void>) {
  const home = mkdtempSync(join(tmpdir(), 'outbound-bench-'));
  const cloud = await startLocalCloud({
    home,
    ports: FREE_PORTS,
    feedUploads: false,
  });
  try {
    await run(cloud);
  } finally {
    await cloud.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
