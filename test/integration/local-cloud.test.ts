import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspection, jsonl } from '../../fixtures/records.js';
import { type LocalCloud, PortInUseError, startLocalCloud } from '../../local/cloud.js';
import { closeServer, listen } from '../../local/net.js';
import { ANY_PORTS, api, startTestCloud, stopTestCloud, tempHome, tokenFor } from '../support/cloud.js';
import { clientsFor, receiptAt } from '../support/stores.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  if (cloud) await stopTestCloud(cloud);
});

describe('the local cloud', () => {
  it('writes endpoints.json with the keys the design names', () => {
    const file = join(cloud.home, 'endpoints.json');
    expect(existsSync(file)).toBe(true);
    const endpoints = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of [
      'api',
      's3',
      'dynamodb',
      'stepfunctions',
      'ses',
      'lambda',
      'region',
      'uploadsBucket',
      'reportsBucket',
      'tables',
      'stateMachines',
    ]) {
      expect(endpoints).toHaveProperty(key);
    }
    expect(Object.keys(endpoints.tables)).toEqual(['records', 'referrals', 'operations', 'metrics', 'control']);
  });

  it('serves the Lambda Invoke API: a function answers, an asynchronous invoke is accepted at once, no unknown names', async () => {
    const lambda = new LambdaClient({ endpoint: cloud.endpoints.lambda, region: cloud.endpoints.region, credentials });
    const payload = (event: unknown) => new TextEncoder().encode(JSON.stringify(event));
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: 'outbound-jobs', Payload: payload({ job: 'metrics', lookbackDays: 1 }) }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(answer.Payload))).toMatchObject({ rowsWritten: expect.any(Number) });
    const failed = await lambda.send(
      new InvokeCommand({ FunctionName: 'outbound-jobs', Payload: payload({ job: 'no' }) }),
    );
    expect(failed.FunctionError).toBe('Unhandled');
    const queued = await lambda.send(
      new InvokeCommand({
        FunctionName: 'outbound-jobs',
        InvocationType: 'Event',
        Payload: payload({ job: 'metrics', lookbackDays: 1 }),
      }),
    );
    expect(queued.StatusCode).toBe(202);
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'outbound-nothing', InvocationType: 'Event' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    lambda.destroy();
  });

  it('answers /health without a token', async () => {
    expect(await api(cloud, '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('serves DynamoDB, S3, Step Functions and SES to the ordinary SDK clients', async () => {
    const e = cloud.endpoints;
    const tables = await new DynamoDBClient({ endpoint: e.dynamodb, region: e.region, credentials }).send(
      new ListTablesCommand({}),
    );
    expect(tables.TableNames).toEqual(expect.arrayContaining(Object.values(e.tables)));
    const s3 = new S3Client({
      endpoint: e.s3,
      region: e.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const buckets = await s3.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toEqual(expect.arrayContaining([e.uploadsBucket, e.reportsBucket]));
    const machines = await new SFNClient({ endpoint: e.stepfunctions, region: e.region, credentials }).send(
      new ListStateMachinesCommand({}),
    );
    expect(machines.stateMachines?.map((m) => m.name).sort()).toEqual(['outbound-referral', 'outbound-surge']);
    await new SESv2Client({ endpoint: e.ses, region: e.region, credentials }).send(
      new SendEmailCommand({
        FromEmailAddress: 'outbound@example.gov',
        Destination: { ToAddresses: ['hq@example.gov'] },
        Content: { Simple: { Subject: { Data: 'local check' }, Body: { Text: { Data: 'hello' } } } },
      }),
    );
    const store = (await (await fetch(`${e.ses}/store`)).json()) as { emails: Array<{ subject: string }> };
    expect(store.emails.map((m) => m.subject)).toContain('local check');
  });

  it('loads the port registry and serves it to a signed-in caller', async () => {
    const token = await tokenFor(cloud, { role: 'officer', port: '2304' });
    const ports = await api(cloud, '/ports', { token });
    expect(ports.status).toBe(200);
    expect(ports.body.count).toBe(117);
    expect(await api(cloud, '/ports/2304', { token })).toMatchObject({ status: 200, body: { name: 'Laredo' } });
    expect(await api(cloud, '/ports/9999', { token })).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
  });

  it('refuses missing, forged and expired tokens with 401 and never a stack trace', async () => {
    expect((await api(cloud, '/ports')).status).toBe(401);
    const forged = `${(await tokenFor(cloud, { role: 'hq' })).slice(0, -4)}AAAA`;
    const refused = await api(cloud, '/ports', { token: forged });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const expired = await tokenFor(cloud, { role: 'hq', ttlSeconds: -10 });
    expect(await api(cloud, '/ports', { token: expired })).toMatchObject({
      status: 401,
      body: { error: { message: 'the token has expired' } },
    });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","custom:role":"hq"}').toString('base64url')}.`;
    expect((await api(cloud, '/ports', { token: none })).status).toBe(401);
  });

  it('keeps an access audit: who read or changed what, and the answer', async () => {
    const token = await tokenFor(cloud, { role: 'supervisor', port: '2304' });
    await api(cloud, '/referrals?status=PENDING_DECISION', { token });
    await api(cloud, '/policy', { method: 'PUT', token, body: '{}' });
    await api(cloud, '/ports');
    const lines = readFileSync(join(cloud.home, 'api-access.jsonl'), 'utf8').trim().split('\n');
    const audit = lines.slice(-3).map((line) => JSON.parse(line));
    expect(audit).toMatchObject([
      {
        method: 'GET',
        path: '/referrals',
        query: 'status=PENDING_DECISION',
        status: 200,
        caller: 'supervisor-2304',
        role: 'supervisor',
        port: '2304',
      },
      { method: 'PUT', path: '/policy', status: 403, caller: 'supervisor-2304' },
      { method: 'GET', path: '/ports', status: 401, caller: null, role: null },
    ]);
    expect(audit[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('restarts and ports', () => {
  it('keeps the data between runs', async () => {
    const home = tempHome();
    const first = await startTestCloud(home);
    const client = (c: LocalCloud) =>
      new DynamoDBClient({ endpoint: c.endpoints.dynamodb, region: 'us-east-1', credentials });
    const table = first.endpoints.tables.control as string;
    await client(first).send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'TEST' }, sk: { S: 'kept' } } }));
    await first.stop();
    const second = await startLocalCloud({ home, ports: ANY_PORTS });
    const item = await client(second).send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'TEST' }, sk: { S: 'kept' } } }),
    );
    expect(item.Item?.sk?.S).toBe('kept');
    await stopTestCloud(second);
  });

  it('takes in, at the next start, an upload whose event was still queued when it stopped, and only that one', async () => {
    const home = tempHome();
    const key = 'incoming/inspections/2304/HH-R/left-behind.jsonl';
    const receiptKey = 'receipts/inspections/2304/HH-R/left-behind.json';
    const first = await startTestCloud(home, ANY_PORTS, false);
    await clientsFor(first).put(key, jsonl([inspection({ recordId: 'left-behind-1' })]));
    await first.stop();

    const second = await startTestCloud(home);
    const receipt = await receiptAt((k) => clientsFor(second).getJson(k), receiptKey, new Date(0));
    expect(receipt).toMatchObject({ status: 'accepted', received: 1, accepted: 1 });
    await second.stop();

    const third = await startTestCloud(home);
    await third.settled();
    expect(await clientsFor(third).getJson(receiptKey)).toMatchObject({ processedAt: receipt.processedAt });
    await stopTestCloud(third);
  });

  it('names the busy port and the variable that moves it', async () => {
    const blocker = createServer();
    const port = await listen(blocker, 0, 'blocker', '-');
    const attempt = startLocalCloud({ home: tempHome(), ports: { ...ANY_PORTS, api: port } });
    await expect(attempt).rejects.toThrow(PortInUseError);
    await expect(attempt).rejects.toThrow(`127.0.0.1:${port}`);
    await expect(attempt).rejects.toThrow('OUTBOUND_API_PORT');
    await closeServer(blocker);
  });
});
