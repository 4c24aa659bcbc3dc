// The Lambda Invoke API over the local function runner, so the SDK's LambdaClient (and `aws lambda invoke`) work
// unchanged: `Event` invocations are accepted at once (202) and run afterwards, `RequestResponse` ones answer with the
// function's result.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { invokeLocal, isLocalFunction } from './functions.js';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) throw new LambdaApiError(413, 'RequestTooLargeException', 'the payload is over 6 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

class LambdaApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LocalLambda {
  server: Server;
  /** Resolves when every asynchronous invocation accepted so far has ended. */
  settled(): Promise<void>;
}

export function createLambdaServer(log: (line: string) => void = () => undefined): LocalLambda {
  const running = new Set<Promise<unknown>>();
  const server = createServer(async (request, response) => {
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body);
    };
    try {
      const match = INVOKE_PATH.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (request.method !== 'POST' || !match?.[1])
        throw new LambdaApiError(404, 'UnknownOperationException', `the local Lambda endpoint has no ${request.url}`);
      const name = decodeURIComponent(match[1]).replace(/^arn:aws:lambda:[^:]*:\d+:function:/, '');
      if (!isLocalFunction(name)) throw new LambdaApiError(404, 'ResourceNotFoundException', `no function ${name}`);
      const text = await readBody(request);
      let event: unknown;
      try {
        event = text ? JSON.parse(text) : {};
      } catch {
        throw new LambdaApiError(400, 'InvalidRequestContentException', 'the payload is not JSON');
      }
      const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (type === 'Event') {
        // the run starts after the answer, as Lambda queues an asynchronous invocation
        const run = new Promise((resolve) => setImmediate(resolve))
          .then(() => invokeLocal(name, event))
          .catch((error: unknown) => log(`lambda ${name}: asynchronous invocation failed: ${String(error)}`))
          .finally(() => running.delete(run));
        running.add(run);
        reply(202, '');
        return;
      }
      if (type !== 'RequestResponse')
        throw new LambdaApiError(400, 'InvalidParameterValueException', `invocation type ${type} is not supported`);
      try {
        const result = await invokeLocal(name, event);
        reply(200, JSON.stringify(result ?? null));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        reply(200, JSON.stringify({ errorType: failure.name, errorMessage: failure.message }), {
          'x-amz-function-error': 'Unhandled',
        });
      }
    } catch (error) {
      const failure =
        error instanceof LambdaApiError ? error : new LambdaApiError(500, 'ServiceException', String(error));
      reply(failure.status, JSON.stringify({ Type: 'User', message: failure.message }), {
        'x-amzn-errortype': failure.code,
      });
    }
  });
  return {
    server,
    settled: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
