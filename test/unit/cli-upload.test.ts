// `outbound upload` waits for its receipt as the field app does: asked for right after the PUT, then after short
// pauses, and a second later after a 429 (the command does not fail for a busy server once its upload went through).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../../cli/api-client.js';
import { uploadBatch } from '../../cli/upload.js';
import { BUSY_POLL_MS, FIRST_POLL_MS } from '../../functions/domain/uploads/receipt-polling.js';

/** The storage side: answers every PUT 200 and keeps what came. */
let storage: Server;
let storageUrl: string;
const received: string[] = [];
let dir: string;

beforeAll(async () => {
  storage = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(body);
      response.end();
    });
  });
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}/incoming/b1`;
  dir = mkdtempSync(join(tmpdir(), 'outbound-cli-upload-'));
});

afterAll(async () => {
  await new Promise((resolve) => storage.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** An API whose receipt reads answer in turn from `answers` (an Error is thrown), each read timed. */
function apiAnswering(answers: Array<unknown>) {
  const reads: number[] = [];
  const api = new ApiClient('http://api.invalid', 'token');
  api.call = (async (method: string, path: string) => {
    if (method === 'POST' && path === '/uploads')
      return { batchId: 'b1', key: 'incoming/b1', uploadUrl: storageUrl, headers: {} };
    reads.push(performance.now());
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer;
  }) as ApiClient['call'];
  return { api, reads };
}

const RECEIPT = { status: 'processed', receipt: { batchId: 'b1', accepted: 1 } };
const OPTIONS = { kind: 'inspections', port: '2304', device: 'HH-1', timeoutSeconds: 30 } as const;

describe('outbound upload', () => {
  it('asks for the receipt right after the upload, then after the first short pause', async () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, '{"recordId":"r1"}\n');
    const { api, reads } = apiAnswering([{ status: 'processing' }, RECEIPT]);
    const receipt = await uploadBatch(api, file, OPTIONS);
    expect(receipt).toEqual(RECEIPT.receipt);
    expect(received.at(-1)).toBe('{"recordId":"r1"}\n');
    expect(reads).toHaveLength(2);
    expect((reads[1] as number) - (reads[0] as number)).toBeGreaterThanOrEqual(FIRST_POLL_MS - 5);
  });

  it('waits a second after a 429 and asks again, instead of failing after its upload went through', async () => {
    const file = join(dir, 'two.jsonl');
    writeFileSync(file, '{"recordId":"r2"}\n');
    const { api, reads } = apiAnswering([new ApiError(429, '429 too many requests'), RECEIPT]);
    const receipt = await uploadBatch(api, file, OPTIONS);
    expect(receipt).toEqual(RECEIPT.receipt);
    expect((reads[1] as number) - (reads[0] as number)).toBeGreaterThanOrEqual(BUSY_POLL_MS - 5);
  });

  it('fails on any other error from the receipt read, saying what the API answered', async () => {
    const file = join(dir, 'three.jsonl');
    writeFileSync(file, '{"recordId":"r3"}\n');
    const { api } = apiAnswering([new ApiError(403, '403 not your port')]);
    await expect(uploadBatch(api, file, OPTIONS)).rejects.toThrow('403 not your port');
  });
});
