// Listening helpers for the local servers: each service's port (set by environment variables), a clear message when
// one is taken.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOCAL_HOST = '127.0.0.1';

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly service: string,
    readonly port: number,
    readonly envVar: string,
  ) {
    super(
      `${service} cannot listen on 127.0.0.1:${port}: the port is already in use. Stop what uses it, or set ${envVar} to another port.`,
    );
  }
}

export async function listen(server: Server, port: number, service: string, envVar: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(service, port, envVar) : error);
    };
    server.once('error', onError);
    server.listen(port, LOCAL_HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The TCP port each local service listens on. */
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
export async function ensureFree(ports: ServicePorts): Promise<void> {
  for (const service of Object.keys(PORT_ENV) as (keyof ServicePorts)[]) {
    const port = ports[service];
    if (!port) continue;
    const probe = createServer();
    await listen(probe, port, service, PORT_ENV[service]);
    await closeServer(probe);
  }
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0, 'probe', '-');
  await closeServer(probe);
  return port;
}

/** A server of the local cloud, listening, with its address. */
export interface BoundServer {
  server: Server;
  port: number;
  url: string;
}

/** Listens on the service's port (0: any free one) at 127.0.0.1; the server answers nothing until given a handler. */
export async function bind(
  service: keyof ServicePorts,
  port: number | undefined,
  server: Server = createServer(),
): Promise<BoundServer> {
  const listening = await listen(server, port ?? 0, service, PORT_ENV[service]);
  return { server, port: listening, url: `http://${LOCAL_HOST}:${listening}` };
}
