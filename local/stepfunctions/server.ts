// The Step Functions API (AWS JSON 1.0 protocol) over the local engine, so the SDK and the AWS CLI work unchanged.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ExecutionRecord, ExecutionStatus, LocalStepFunctions } from './engine.js';
import { SfnApiError } from './errors.js';

type Body = Record<string, unknown>;
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function page<T>(items: T[], body: Body): { items: T[]; nextToken?: string } {
  const max = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : 100;
  const start = typeof body.nextToken === 'string' ? Number.parseInt(body.nextToken, 10) || 0 : 0;
  const slice = items.slice(start, start + max);
  return { items: slice, ...(start + max < items.length ? { nextToken: String(start + max) } : {}) };
}

function str(body: Body, key: string, required = true): string {
  const value = body[key];
  if (typeof value === 'string' && value.length > 0) return value;
  if (!required && value === undefined) return '';
  throw new SfnApiError('ValidationException', `1 validation error detected: '${key}' must be a non-empty string`);
}

function describe(execution: ExecutionRecord) {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    stopDate: seconds(execution.stopDate),
    input: execution.input,
    output: execution.output,
    error: execution.error,
    cause: execution.cause,
  };
}

function operations(engine: LocalStepFunctions): Record<string, (body: Body) => unknown> {
  return {
    ListStateMachines: (body) => {
      const { items, nextToken } = page(engine.listStateMachines(), body);
      return {
        stateMachines: items.map((m) => ({
          stateMachineArn: m.stateMachineArn,
          name: m.name,
          type: 'STANDARD',
          creationDate: seconds(m.creationDate),
        })),
        nextToken,
      };
    },
    DescribeStateMachine: (body) => {
      const m = engine.describeStateMachine(str(body, 'stateMachineArn'));
      return { ...m, creationDate: seconds(m.creationDate), type: 'STANDARD', status: 'ACTIVE' };
    },
    StartExecution: (body) => {
      const name = str(body, 'name', false);
      const input = str(body, 'input', false);
      const execution = engine.startExecution({
        stateMachineArn: str(body, 'stateMachineArn'),
        ...(name ? { name } : {}),
        ...(input ? { input } : {}),
      });
      return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
    },
    DescribeExecution: (body) => describe(engine.describeExecution(str(body, 'executionArn'))),
    ListExecutions: (body) => {
      const filter = typeof body.statusFilter === 'string' ? (body.statusFilter as ExecutionStatus) : undefined;
      const { items, nextToken } = page(engine.listExecutions(str(body, 'stateMachineArn'), filter), body);
      return {
        executions: items.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: seconds(e.startDate),
          stopDate: seconds(e.stopDate),
        })),
        nextToken,
      };
    },
    StopExecution: (body) => {
      const error = typeof body.error === 'string' ? body.error : undefined;
      const cause = typeof body.cause === 'string' ? body.cause : undefined;
      const execution = engine.stopExecution(str(body, 'executionArn'), error, cause);
      return { stopDate: seconds(execution.stopDate ?? Date.now()) };
    },
    GetExecutionHistory: (body) => {
      const history = engine.describeExecution(str(body, 'executionArn')).history;
      const ordered = body.reverseOrder === true ? [...history].reverse() : history;
      const { items, nextToken } = page(
        ordered.map((event) => ({ ...event, timestamp: seconds(event.timestamp) })),
        body,
      );
      return { events: items, nextToken };
    },
    SendTaskSuccess: (body) => {
      engine.sendTaskSuccess(str(body, 'taskToken'), str(body, 'output'));
      return {};
    },
    SendTaskFailure: (body) => {
      const error = typeof body.error === 'string' ? body.error : undefined;
      const cause = typeof body.cause === 'string' ? body.cause : undefined;
      engine.sendTaskFailure(str(body, 'taskToken'), error, cause);
      return {};
    },
    SendTaskHeartbeat: (body) => {
      engine.sendTaskHeartbeat(str(body, 'taskToken'));
      return {};
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function createStepFunctionsServer(engine: LocalStepFunctions): Server {
  const handlers = operations(engine);
  return createServer(async (request, response) => {
    const reply = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      response.end(JSON.stringify(payload));
    };
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      const handler = handlers[operation];
      if (request.method !== 'POST' || !handler) {
        throw new SfnApiError(
          'UnknownOperationException',
          `the local Step Functions endpoint does not implement '${target || request.url}'`,
        );
      }
      const text = await readBody(request);
      let body: Body;
      try {
        body = text ? (JSON.parse(text) as Body) : {};
      } catch {
        throw new SfnApiError('SerializationException', 'the request body is not JSON');
      }
      reply(200, handler(body));
    } catch (error) {
      if (error instanceof SfnApiError) reply(error.status, { __type: error.code, message: error.message }, error.code);
      else
        reply(
          500,
          { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) },
          'InternalFailure',
        );
    }
  });
}
