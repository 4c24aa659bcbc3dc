// DynamoDB for the local cloud: dynalite in a child process (its own core: the functions and the store no longer
// share one event loop), data on disk, stopped with the cloud.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynalite(options: { host: string; port: number; path: string }): Promise<LocalDynamo> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('dynalite/package.json')), 'cli.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      cli,
      '--host',
      options.host,
      '--port',
      String(options.port),
      '--path',
      options.path,
      '--createTableMs',
      '0',
      '--deleteTableMs',
      '0',
      '--updateTableMs',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`dynalite did not start within 20 s: ${errors.slice(0, 500)}`)),
      20_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited with code ${code}: ${errors.slice(0, 500)}`));
    });
  });
  return {
    endpoint: `http://${options.host}:${options.port}`,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
