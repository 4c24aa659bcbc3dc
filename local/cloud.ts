// The local cloud: every AWS service the system uses, as a real local server, wired together in one process.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import sesLocal from 'aws-ses-v2-local';
import { Cron } from 'croner';
import S3rver from 's3rver';
import { DynamoPortRepository } from '../functions/adapters/port-repository.js';
import { SHIPPED_PORTS } from '../functions/domain/port-data.js';
import { INCOMING_PREFIX } from '../functions/domain/uploads/key.js';
import { objectCreatedEvent } from '../functions/ingest/events.js';
import { observeClients } from '../functions/shared/clients.js';
import { loadConfig } from '../functions/shared/config.js';
import { createDynamoDb } from '../functions/shared/dynamodb-client.js';
import {
  INGEST_MAX_RECEIVES,
  INGEST_VISIBILITY_TIMEOUT_SECONDS,
  LOCAL_INGEST_RETRY_DELAY_SECONDS,
} from '../functions/shared/ingest-queue.js';
import { SCHEDULES, type ScheduleSpec, toFiveFieldCron } from '../functions/shared/schedules.js';
import { TABLE_SPECS } from '../functions/shared/tables.js';
import { buildWebApps, watchWebApps } from '../web/build.js';
import type { WebConfig } from '../web/security-headers.js';
import { createApiServer } from './api-server.js';
import { ensureSigningKey, jwksVerifier, LOCAL_CLIENT_ID } from './auth.js';
import { startDynalite } from './dynamodb.js';
import type { Endpoints } from './endpoints.js';
import { sdkFaults } from './faults.js';
import { invokeLocal, lambdaContext } from './functions.js';
import { createLambdaServer } from './lambda-server.js';
import { closeServer, listen, PortInUseError } from './net.js';
import { oidcRequestHandler } from './oidc.js';
import { outsideS3 } from './outside-clients.js';
import { LocalQueue } from './queue.js';
import { unreceiptedUploads } from './requeue.js';
import { createS3Front } from './s3-front.js';
import { LocalStepFunctions } from './stepfunctions/engine.js';
import { createStepFunctionsServer } from './stepfunctions/server.js';
import { ensureUsers } from './users.js';
import { webRequestHandler } from './web-server.js';
import { STATE_MACHINES } from './workflows.js';

export const REGION = 'us-east-1';
/** The field app PUTs its batches from the web apps' origin (any local port) to presigned URLs, as in AWS. */
const UPLOADS_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedHeader>content-type</AllowedHeader><AllowedHeader>if-none-match</AllowedHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
export const ACCOUNT_ID = '000000000000';
export const NAME_PREFIX = 'outbound';

export interface ServicePorts {
  dynamodb: number;
  s3: number;
  stepfunctions: number;
  ses: number;
  api: number;
  lambda: number;
  /** The sign-in provider; absent: any free port. */
  auth?: number;
  /** The web apps; absent: any free port. */
  web?: number;
}

export const DEFAULT_PORTS: Required<ServicePorts> = {
  dynamodb: 4567,
  s3: 4569,
  stepfunctions: 8083,
  ses: 8005,
  api: 3000,
  lambda: 8084,
  auth: 9000,
  web: 8080,
};
/** Every service on a free port of the system's choosing (tests, benchmarks, chaos runs). */
export const FREE_PORTS: ServicePorts = { dynamodb: 0, s3: 0, stepfunctions: 0, ses: 0, api: 0, lambda: 0 };
export const PORT_ENV: Record<keyof ServicePorts, string> = {
  dynamodb: 'OUTBOUND_DYNAMODB_PORT',
  s3: 'OUTBOUND_S3_PORT',
  stepfunctions: 'OUTBOUND_SFN_PORT',
  ses: 'OUTBOUND_SES_PORT',
  api: 'OUTBOUND_API_PORT',
  lambda: 'OUTBOUND_LAMBDA_PORT',
  auth: 'OUTBOUND_AUTH_PORT',
  web: 'OUTBOUND_WEB_PORT',
};

export type { Endpoints } from './endpoints.js';

export interface S3EventRecordLike {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
}

export interface LocalCloudOptions {
  /** Where data is kept between runs (`.outbound` by default). */
  home: string;
  ports: ServicePorts;
  /** Rebuild the web apps on every change under web/ (npm start). */
  watchWeb?: boolean;
  /** Lifetime of the ID tokens the sign-in provider issues (default one hour, as Cognito's). */
  tokenTtlSeconds?: number;
  /** Run the scheduled jobs on their cron expressions. */
  schedules?: boolean;
  /** Feed upload events to the ingest function (default true; tests that deliver events themselves turn it off). */
  feedUploads?: boolean;
  /** The ingest queue's visibility timeout, when not the local default. */
  ingestVisibilityTimeoutMs?: number;
  /** How each upload event is delivered: one delay (ms) per copy; default one copy at once (chaos runs vary it). */
  eventDelivery?: (body: string) => readonly number[];
  log?: (line: string) => void;
}

export interface LocalCloud {
  endpoints: Endpoints;
  home: string;
  /** The local users' file (users.json). */
  usersFile: string;
  readonly stepFunctions: LocalStepFunctions;
  /** Stops the Step Functions endpoint and starts it again on the same port; running executions resume. */
  restartStepFunctions(): Promise<{ resumed: number; failed: number }>;
  ingestQueue: LocalQueue;
  /** Resolves when every object-created event delivered so far has been handled. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export function portsFromEnv(env: Record<string, string | undefined> = process.env): ServicePorts {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(PORT_ENV) as (keyof ServicePorts)[]) {
    const value = env[PORT_ENV[key]];
    if (value === undefined || value === '') continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`${PORT_ENV[key]}=${value} is not a port number`);
    ports[key] = port;
  }
  return ports;
}

/** Fails early with a message naming the port and its variable, for servers that bind by themselves. */
async function ensureFree(port: number | undefined, service: keyof ServicePorts): Promise<void> {
  if (!port) return;
  const probe = createServer();
  await listen(probe, port, service, PORT_ENV[service]);
  await closeServer(probe);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0, 'probe', '-');
  await closeServer(probe);
  return port;
}

/** The SES emulator takes the configuration set's name and, like SES, sends through it; it has no TLS to require. */
export const LOCAL_MAIL_CONFIGURATION_SET = 'outbound-mail';

/** The environment the functions read their config from; the same variables the CDK app sets in AWS. */
export function functionEnvironment(endpoints: Endpoints): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: endpoints.region,
    OUTBOUND_DYNAMODB_ENDPOINT: endpoints.dynamodb,
    OUTBOUND_S3_ENDPOINT: endpoints.s3,
    OUTBOUND_SFN_ENDPOINT: endpoints.stepfunctions,
    OUTBOUND_SES_ENDPOINT: endpoints.ses,
    OUTBOUND_LAMBDA_ENDPOINT: endpoints.lambda,
    JOBS_FUNCTION_NAME: `${NAME_PREFIX}-jobs`,
    UPLOADS_BUCKET: endpoints.uploadsBucket,
    REPORTS_BUCKET: endpoints.reportsBucket,
    MAIL_CONFIGURATION_SET: LOCAL_MAIL_CONFIGURATION_SET,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
  for (const spec of TABLE_SPECS) env[spec.envVar] = endpoints.tables[spec.id] as string;
  for (const machine of STATE_MACHINES) {
    const arn = endpoints.stateMachines[machine.id];
    if (arn) env[machine.envVar] = arn;
  }
  return env;
}

async function createTables(endpoint: string, tables: Record<string, string>): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const spec of TABLE_SPECS) {
    const name = tables[spec.id] as string;
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

let faultsObserved = false;

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  if (!faultsObserved) {
    // every client the functions build can take injected faults; none are injected until a plan is set
    observeClients((client, service) => sdkFaults.attach(client, service));
    faultsObserved = true;
  }
  const home = resolve(options.home);
  const log = options.log ?? (() => undefined);
  mkdirSync(join(home, 's3'), { recursive: true });
  mkdirSync(join(home, 'dynamodb'), { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`stop: ${String(error)}`));
  };

  try {
    const host = '127.0.0.1';
    for (const service of Object.keys(PORT_ENV) as (keyof ServicePorts)[])
      await ensureFree(options.ports[service], service);
    const uploadsBucket = `${NAME_PREFIX}-uploads`;
    const reportsBucket = `${NAME_PREFIX}-reports`;
    const tables = Object.fromEntries(TABLE_SPECS.map((spec) => [spec.id, `${NAME_PREFIX}-${spec.id}`]));

    // DynamoDB: dynalite on disk, in a child process
    const dynamo = await startDynalite({
      host,
      port: options.ports.dynamodb === 0 ? await freePort() : options.ports.dynamodb,
      path: join(home, 'dynamodb'),
    });
    stops.push(() => dynamo.stop());

    // S3: s3rver on disk, behind a front that refuses hostile keys and honours If-None-Match (local/s3-front.ts);
    // its object events are how uploads reach the ingest function
    const s3rverPort = await freePort();
    const s3 = new S3rver({
      address: host,
      port: s3rverPort,
      directory: join(home, 's3'),
      silent: true,
      configureBuckets: [{ name: uploadsBucket, configs: [UPLOADS_CORS] }, { name: reportsBucket }],
    });
    await s3.run();
    stops.push(() => s3.close());
    const s3Front = createS3Front({ host, port: s3rverPort });
    const s3Port = await listen(s3Front, options.ports.s3, 's3', PORT_ENV.s3);
    stops.push(() => closeServer(s3Front));
    // As in AWS: uploads under incoming/ → an Object Created event → the ingest queue → the ingest function.
    const ingestQueue = new LocalQueue({
      name: `${NAME_PREFIX}-ingest`,
      consumer: async (event) => (await invokeLocal('ingest', event)) as SQSBatchResponse,
      maxReceives: INGEST_MAX_RECEIVES,
      visibilityTimeoutMs: options.ingestVisibilityTimeoutMs ?? INGEST_VISIBILITY_TIMEOUT_SECONDS * 1000,
      retryDelayMs: Math.min(
        options.ingestVisibilityTimeoutMs ?? Number.POSITIVE_INFINITY,
        LOCAL_INGEST_RETRY_DELAY_SECONDS * 1000,
      ),
      deadLetterFile: join(home, 'dead-letters.jsonl'),
      log,
    });
    stops.push(async () => ingestQueue.stop());
    const copiesOf = options.eventDelivery ?? (() => [0]);
    s3.on('event', (event: { Records: S3EventRecordLike[] }) => {
      for (const record of event.Records) {
        const { bucket, object } = record.s3;
        const created = record.eventName.startsWith('ObjectCreated:');
        if (options.feedUploads === false) continue;
        if (!created || bucket.name !== uploadsBucket || !object.key.startsWith(INCOMING_PREFIX)) continue;
        const body = JSON.stringify(objectCreatedEvent(bucket.name, object));
        for (const delayMs of copiesOf(body)) ingestQueue.send(body, delayMs);
      }
    });

    // SES: aws-ses-v2-local (kept in memory; its viewer is at the same address)
    // a CommonJS module with `exports.default`: Node's ESM loader and vite's interop disagree on where the function is
    type StartSes = (config: { host: string; port: number }) => Promise<Server>;
    const sesModule = sesLocal as unknown as StartSes | { default: StartSes };
    const startSes = typeof sesModule === 'function' ? sesModule : sesModule.default;
    const ses = await startSes({ host, port: options.ports.ses });
    const sesPort = (ses.address() as { port: number }).port;
    stops.push(() => closeServer(ses));

    const endpoints: Endpoints = {
      api: '',
      auth: '',
      web: '',
      s3: `http://${host}:${s3Port}`,
      dynamodb: dynamo.endpoint,
      stepfunctions: '',
      ses: `http://${host}:${sesPort}`,
      sesViewer: `http://${host}:${sesPort}/`,
      lambda: '',
      region: REGION,
      uploadsBucket,
      reportsBucket,
      tables,
      stateMachines: {},
    };

    // Step Functions: the project's endpoint over aws-local-stepfunctions, executions kept under .outbound/
    const startStepFunctions = async (port: number) => {
      const engine = new LocalStepFunctions({
        region: REGION,
        accountId: ACCOUNT_ID,
        stateDir: join(home, 'stepfunctions'),
        invoke: invokeLocal,
        onExecutionClosed: (e) => log(`execution ${e.name} ${e.status}${e.error ? ` (${e.error})` : ''}`),
      });
      for (const machine of STATE_MACHINES) {
        endpoints.stateMachines[machine.id] = engine.registerStateMachine(
          `${NAME_PREFIX}-${machine.id}`,
          machine.load(),
        ).stateMachineArn;
      }
      const server = createStepFunctionsServer(engine);
      const listening = await listen(server, port, 'stepfunctions', PORT_ENV.stepfunctions);
      return { engine, server, port: listening };
    };
    let sfn = await startStepFunctions(options.ports.stepfunctions);
    endpoints.stepfunctions = `http://${host}:${sfn.port}`;
    const stopStepFunctions = async () => {
      sfn.engine.shutdown();
      await closeServer(sfn.server);
    };
    stops.push(() => stopStepFunctions());
    const resumeExecutions = () => {
      const resumed = sfn.engine.resumePersisted();
      if (resumed.resumed + resumed.failed > 0)
        log(`step functions: ${resumed.resumed} executions resumed, ${resumed.failed} failed to resume`);
      return resumed;
    };

    // Lambda: the Invoke API over the function runner (the API hands requested jobs to the jobs function through it)
    const lambda = createLambdaServer(log);
    endpoints.lambda = `http://${host}:${await listen(lambda.server, options.ports.lambda, 'lambda', PORT_ENV.lambda)}`;
    stops.push(() => closeServer(lambda.server));

    // The functions read the same variables as in AWS, pointed at the local servers.
    Object.assign(process.env, functionEnvironment(endpoints));

    await createTables(endpoints.dynamodb, tables);
    const config = loadConfig(['CONTROL_TABLE']);
    await new DynamoPortRepository(createDynamoDb(config), config.CONTROL_TABLE).save(SHIPPED_PORTS);

    // Executions interrupted by the last stop go on from where they stood.
    resumeExecutions();

    // The sign-in provider and the web apps: bound first, since each names the other's address
    const usersFile = ensureUsers(home);
    const signingKey = await ensureSigningKey(home);
    const authServer = createServer();
    endpoints.auth = `http://${host}:${await listen(authServer, options.ports.auth ?? 0, 'auth', PORT_ENV.auth)}`;
    stops.push(() => closeServer(authServer));
    const webServer = createServer();
    endpoints.web = `http://${host}:${await listen(webServer, options.ports.web ?? 0, 'web', PORT_ENV.web)}`;
    stops.push(() => closeServer(webServer));
    authServer.on(
      'request',
      oidcRequestHandler({
        issuer: endpoints.auth,
        home,
        signingKey,
        webOrigin: endpoints.web,
        ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
      }),
    );

    // The HTTP API
    const { handler } = await import('../functions/api/handler.js');
    // the access audit, as the API stage's access log keeps it in AWS: who read or changed what, and the answer
    const accessLog = join(home, 'api-access.jsonl');
    const apiServer = createApiServer(
      (event) => handler(event, lambdaContext('outbound-api')),
      jwksVerifier(endpoints.auth),
      (entry) => appendFileSync(accessLog, `${JSON.stringify(entry)}\n`),
      [endpoints.web],
    );
    const apiPort = await listen(apiServer, options.ports.api, 'api', PORT_ENV.api);
    endpoints.api = `http://${host}:${apiPort}`;
    stops.push(() => closeServer(apiServer));

    // The web apps, built as the CDK app builds them, with their config.json written beside each
    const webRoot = join(home, 'web');
    const webConfig: WebConfig = { api: endpoints.api, issuer: endpoints.auth, clientId: LOCAL_CLIENT_ID };
    if (options.watchWeb) stops.push(await watchWebApps(webRoot, webConfig, log));
    else await buildWebApps(webRoot, webConfig);
    webServer.on(
      'request',
      webRequestHandler(webRoot, { api: endpoints.api, auth: endpoints.auth, uploads: endpoints.s3 }),
    );

    // Schedules: the CDK app's cron expressions, run in this process
    if (options.schedules) {
      const jobs = SCHEDULES.map(
        (spec: ScheduleSpec) =>
          new Cron(toFiveFieldCron(spec.expression), { timezone: spec.timezone, protect: true }, async () => {
            log(`schedule ${spec.name}: running`);
            await invokeLocal(spec.functionId, { source: 'schedule', job: spec.name }).catch((error: unknown) =>
              log(`schedule ${spec.name}: ${String(error)}`),
            );
          }),
      );
      stops.push(async () => {
        for (const job of jobs) job.stop();
      });
    }

    // the queue is in memory: uploads whose events were still queued at the last stop are queued again
    if (options.feedUploads !== false) {
      const s3Client = outsideS3(endpoints);
      const waiting = await unreceiptedUploads(s3Client, uploadsBucket);
      s3Client.destroy();
      for (const object of waiting)
        ingestQueue.send(
          JSON.stringify(objectCreatedEvent(uploadsBucket, { key: object.key, eTag: object.eTag, size: object.size })),
        );
      if (waiting.length > 0) log(`ingest: ${waiting.length} uploads without a receipt queued again`);
    }

    writeFileSync(join(home, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);

    return {
      endpoints,
      home,
      usersFile,
      get stepFunctions() {
        return sfn.engine;
      },
      restartStepFunctions: async () => {
        await stopStepFunctions();
        sfn = await startStepFunctions(sfn.port);
        return resumeExecutions();
      },
      ingestQueue,
      settled: () => ingestQueue.drained(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export { PortInUseError };
