// The field app's calls to the uploads API: ask for a presigned PUT, PUT a batch, read its receipt.
import type { RecordKind } from '../../functions/domain/records/kinds.js';
import type { Receipt } from '../../functions/domain/uploads/receipt.js';

/** The token was refused: the officer must sign in again; nothing is lost. */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
}

/** The request did not get an answer (no network, cut off, a 5xx): try again later. */
export class SendFailedError extends Error {
  override readonly name: string = 'SendFailedError';
}

/** The API asked the device to slow down (429): a receipt is asked for again later, the round goes on. */
export class ServerBusyError extends SendFailedError {
  override readonly name = 'ServerBusyError';
}

/** The API refused the request itself (4xx other than 401): retrying the same request will not help. */
export class UploadRefusedError extends Error {
  override readonly name = 'UploadRefusedError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface UploadRequest {
  batchId: string;
  kind: RecordKind;
  portCode: string;
  deviceId: string;
}

export type UploadTicket =
  | { status: 'upload'; uploadUrl: string; headers: Record<string, string> }
  /** The batch was uploaded and processed already: read its receipt. */
  | { status: 'processed' };

export type ReceiptAnswer =
  | { status: 'processed'; receipt: Receipt }
  | { status: 'processing' | 'awaiting-upload' }
  | { status: 'unknown' };

export interface UploadsApi {
  requestUpload(request: UploadRequest, token: string): Promise<UploadTicket>;
  /** PUTs the batch; true when stored now, false when the object was already there (a repeat). */
  put(uploadUrl: string, headers: Record<string, string>, body: string): Promise<boolean>;
  receipt(batchId: string, token: string): Promise<ReceiptAnswer>;
  /** Whether the API answers at all (GET /health): the network is back. */
  reachable(): Promise<boolean>;
}

/** Answers are never taken from a cache: a receipt read must reach the API. */
const NO_STORE = { cache: 'no-store' } as const;

async function call(input: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, ...NO_STORE });
  } catch (error) {
    throw new SendFailedError(error instanceof Error ? error.message : String(error));
  }
  if (response.status === 401) throw new SessionExpiredError('the session has expired');
  if (response.status === 429) throw new ServerBusyError('the server answered 429');
  if (response.status >= 500 || response.status === 408)
    throw new SendFailedError(`the server answered ${response.status}`);
  return response;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `the server answered ${response.status}`;
  } catch {
    return `the server answered ${response.status}`;
  }
}

export function uploadsApi(apiBase: string): UploadsApi {
  const base = apiBase.replace(/\/$/, '');
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    async requestUpload(request, token) {
      const response = await call(`${base}/uploads`, {
        method: 'POST',
        headers: { ...auth(token), 'content-type': 'application/json' },
        body: JSON.stringify({ ...request, format: 'jsonl' }),
      });
      if (response.status === 409) return { status: 'processed' };
      if (!response.ok) throw new UploadRefusedError(await errorMessage(response), response.status);
      const ticket = (await response.json()) as { uploadUrl: string; headers?: Record<string, string> };
      return { status: 'upload', uploadUrl: ticket.uploadUrl, headers: ticket.headers ?? {} };
    },
    async put(uploadUrl, headers, body) {
      const response = await call(uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'application/x-ndjson', ...headers },
        // as a Blob: Chromium hands a string body over to its network process before it sends the preflight,
        // ~30 ms for a 300 KB batch here; a Blob travels by reference
        body: new Blob([body]),
      });
      // the answer is read to its end (S3's is short): left unread, the browser cancels its download and the
      // connection cannot serve the next request
      await response.arrayBuffer().catch(() => undefined);
      if (response.status === 412) return false;
      if (!response.ok) throw new SendFailedError(`the upload was refused (${response.status})`);
      return true;
    },
    async reachable() {
      try {
        return (await call(`${base}/health`, {})).ok;
      } catch {
        return false;
      }
    },
    async receipt(batchId, token) {
      const response = await call(`${base}/uploads/${encodeURIComponent(batchId)}`, { headers: auth(token) });
      if (response.status === 404) return { status: 'unknown' };
      if (!response.ok) throw new UploadRefusedError(await errorMessage(response), response.status);
      const answer = (await response.json()) as { status: string; receipt?: Receipt };
      if (answer.status === 'processed' && answer.receipt) return { status: 'processed', receipt: answer.receipt };
      return { status: answer.status === 'processing' ? 'processing' : 'awaiting-upload' };
    },
  };
}
