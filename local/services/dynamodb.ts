// DynamoDB for the local cloud: dynalite in a child process (its own core: the functions and the store no longer
// share one event loop), data on disk, the system's tables created, stopped with the cloud.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoPortRepository } from '../../functions/adapters/port-repository.js';
import { SHIPPED_PORTS } from '../../functions/domain/port-data.js';
import { loadConfig } from '../../functions/shared/config.js';
import { createDynamoDb } from '../../functions/shared/dynamodb-client.js';
import { TABLE_SPECS } from '../../functions/shared/tables.js';
import { freePort, LOCAL_HOST } from '../net.js';
import { REGION, TABLES } from '../resources.js';

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

async function startDynalite(options: { host: string; port: number; path: string }): Promise<LocalDynamo> {
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

async function createTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const spec of TABLE_SPECS) {
    const name = TABLES[spec.id] as string;
    if (existing.has(name)) continue;
    const keys = [
      spec.partitionKey,
      spec.sortKey,
      ...spec.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keys)].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
        ...(spec.indexes.length > 0
          ? {
              GlobalSecondaryIndexes: spec.indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' },
                  { AttributeName: index.sortKey, KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              })),
            }
          : {}),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  }
  client.destroy();
}

/** dynalite on the given port (0: a free one), its data under `{home}/dynamodb`, with every table of the system. */
export async function startDynamoDb(home: string, port: number): Promise<LocalDynamo> {
  const path = join(home, 'dynamodb');
  mkdirSync(path, { recursive: true });
  const dynamo = await startDynalite({ host: LOCAL_HOST, port: port === 0 ? await freePort() : port, path });
  try {
    await createTables(dynamo.endpoint);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return dynamo;
}

/** The ports of entry the system ships with, saved through the functions' own adapter (reads the functions' env). */
export async function saveShippedPorts(): Promise<void> {
  const config = loadConfig(['CONTROL_TABLE']);
  await new DynamoPortRepository(createDynamoDb(config), config.CONTROL_TABLE).save(SHIPPED_PORTS);
}
