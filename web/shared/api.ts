// Calls the API with the signed-in person's token; errors come back as ApiError with the API's code, message and
// details (the form pages show the details beside their fields). An expired session goes back to sign-in.
import { bearerToken, sessionExpired } from './session.js';

export interface ErrorDetail {
  path?: string;
  field?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let apiBase = '';

export function setApiBase(base: string): void {
  apiBase = base.replace(/\/+$/, '');
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  signal?: AbortSignal;
}

async function send(path: string, request: ApiRequest, token: string | null): Promise<Response> {
  return fetch(`${apiBase}${path}`, {
    method: request.method ?? 'GET',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
}

export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  let response = await send(path, request, await bearerToken());
  if (response.status === 401) {
    const refreshed = await bearerToken(true);
    if (refreshed) response = await send(path, request, refreshed);
    if (response.status === 401) {
      await sessionExpired();
      throw new ApiError(401, 'unauthorized', 'Your session has ended; signing in again.');
    }
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } })?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `the API answered ${response.status}`,
      error?.details ?? [],
    );
  }
  return body as T;
}
