// The local cloud: every AWS service the system uses, as a real local server (one module each under
// local/services/), wired together in one process.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { observeClients } from '../functions/shared/clients.js';
import type { Endpoints } from './endpoints.js';
import { sdkFaults } from './faults.js';
import { bind, closeServer, ensureFree, type ServicePorts } from './net.js';
import type { LocalQueue } from './queue.js';
import { functionEnvironment, REGION, REPORTS_BUCKET, TABLES, UPLOADS_BUCKET } from './resources.js';
import { startApi } from './services/api.js';
import { saveShippedPorts, startDynamoDb } from './services/dynamodb.js';
import { type IngestTriggerOptions, requeueUnreceipted, startIngestQueue } from './services/ingest-trigger.js';
import { startLambda } from './services/lambda.js';
import { startS3 } from './services/s3.js';
import { startSchedules } from './services/schedules.js';
import { startSes } from './services/ses.js';
import { serveSignIn } from './services/sign-in.js';
import { startStepFunctions } from './services/stepfunctions.js';
import { serveWeb } from './services/web.js';
import type { LocalStepFunctions } from './stepfunctions/engine.js';

export type { Endpoints } from './endpoints.js';
export { FREE_PORTS, PORT_ENV, PortInUseError, portsFromEnv, type ServicePorts } from './net.js';

export interface LocalCloudOptions extends Omit<IngestTriggerOptions, 'home' | 'log'> {
  /** Where data is kept between runs (`.outbound` by default). */
  home: string;
  ports: ServicePorts;
  /** Rebuild the web apps on every change under web/ (npm start). */
  watchWeb?: boolean;
  /** Lifetime of the ID tokens the sign-in provider issues (default one hour, as Cognito's). */
  tokenTtlSeconds?: number;
  /** Run the scheduled jobs on their cron expressions. */
  schedules?: boolean;
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

let faultsObserved = false;

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  if (!faultsObserved) {
    // every client the functions build can take injected faults; none are injected until a plan is set
    observeClients((client, service) => sdkFaults.attach(client, service));
    faultsObserved = true;
  }
  const home = resolve(options.home);
  const log = options.log ?? (() => undefined);
  const { ports } = options;
  const stops: Array<() => Promise<void>> = [];
  const started = <T extends { stop: () => Promise<void> }>(service: T): T => {
    stops.push(() => service.stop());
    return service;
  };
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`stop: ${String(error)}`));
  };

  try {
    await ensureFree(ports);
    const dynamodb = started(await startDynamoDb(home, ports.dynamodb));
    const s3 = started(await startS3(home, ports.s3));
    const ingestQueue = startIngestQueue(s3, { ...options, home, log });
    stops.push(async () => ingestQueue.stop());
    const ses = started(await startSes(ports.ses));
    const stepFunctions = started(await startStepFunctions(home, ports.stepfunctions, log));
    const lambda = started(await startLambda(ports.lambda, log));
    // the sign-in provider and the web apps are bound first, since each names the other's address
    const auth = await bind('auth', ports.auth);
    stops.push(() => closeServer(auth.server));
    const web = await bind('web', ports.web);
    stops.push(() => closeServer(web.server));
    const endpoints: Endpoints = {
      api: '',
      auth: auth.url,
      web: web.url,
      s3: s3.endpoint,
      dynamodb: dynamodb.endpoint,
      stepfunctions: stepFunctions.endpoint,
      ses: ses.endpoint,
      sesViewer: `${ses.endpoint}/`,
      lambda: lambda.endpoint,
      region: REGION,
      uploadsBucket: UPLOADS_BUCKET,
      reportsBucket: REPORTS_BUCKET,
      tables: { ...TABLES },
      stateMachines: stepFunctions.stateMachines,
    };

    // the functions read the same variables as in AWS, pointed at the local servers
    Object.assign(process.env, functionEnvironment(endpoints));
    await saveShippedPorts();
    stepFunctions.resume();

    const usersFile = await serveSignIn(auth.server, {
      home,
      issuer: auth.url,
      webOrigin: web.url,
      tokenTtlSeconds: options.tokenTtlSeconds,
    });
    endpoints.api = started(await startApi(ports.api, { home, issuer: auth.url, webOrigin: web.url })).endpoint;
    const stopWatching = await serveWeb(web.server, { home, endpoints, watch: options.watchWeb, log });
    if (stopWatching) stops.push(stopWatching);
    if (options.schedules) started(startSchedules(log));
    if (options.feedUploads !== false) await requeueUnreceipted(ingestQueue, endpoints, log);

    writeFileSync(join(home, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    return {
      endpoints,
      home,
      usersFile,
      get stepFunctions() {
        return stepFunctions.engine;
      },
      restartStepFunctions: () => stepFunctions.restart(),
      ingestQueue,
      settled: () => ingestQueue.drained(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
