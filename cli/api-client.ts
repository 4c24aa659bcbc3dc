// A small client of the local API for the CLI: JSON in and out, errors as the API words them.
import { readEndpoints } from './context.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static local(token: string): ApiClient {
    return new ApiClient(readEndpoints().api, token);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { message?: string; details?: Array<{ field: string; message: string }> } })
        ?.error;
      const details = error?.details?.map((d) => `\n  ${d.field}: ${d.message}`).join('') ?? '';
      throw new ApiError(response.status, `${response.status} ${error?.message ?? response.statusText}${details}`);
    }
    return parsed as T;
  }

  /** Starts a job (`POST /jobs/{name}`, `POST /reports/weekly`) and waits until the jobs function has ended it. */
  async runJob<T>(path: string, timeoutMs = 15 * 60_000): Promise<T> {
    const started = await this.call<{ jobId: string; href: string }>('POST', path);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.call<{ status: string; result?: T; reason?: string }>('GET', started.href);
      if (run.status === 'done') return run.result as T;
      if (run.status === 'failed') throw new Error(`job ${started.jobId} failed: ${run.reason}`);
      if (Date.now() > deadline) throw new Error(`job ${started.jobId} is still ${run.status}; follow ${started.href}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
