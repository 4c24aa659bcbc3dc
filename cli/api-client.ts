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
}
