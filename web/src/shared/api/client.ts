import { Codes } from '../lib/codes';

/** Field name → message, from a `validation.failed` error's `details.fields`. */
export type FieldErrors = Record<string, string>;

/** Any non-2xx answer (or a network failure, status 0) from the API. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds from a `Retry-After` header (429/503), when the server sent one. */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, details?: unknown, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  get isValidation(): boolean {
    return this.code === Codes.validation;
  }

  /** Per-field messages of a validation error (empty for every other error). */
  get fieldErrors(): FieldErrors {
    if (!this.isValidation) return {};
    const fields = (this.details as { fields?: unknown } | null | undefined)?.fields;
    if (!fields || typeof fields !== 'object') return {};
    const out: FieldErrors = {};
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof value === 'string') out[key] = value;
      else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0];
    }
    return out;
  }
}

export function isApiError(err: unknown, code?: string): err is ApiRequestError {
  return err instanceof ApiRequestError && (code === undefined || err.code === code);
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * What to do when the session cannot be refreshed after a 401.
   * `redirect` (default): clear the session and send the user to the login page.
   * `silent`: just throw the 401 (used by the initial "who am I" check).
   */
  onAuthFailure?: 'redirect' | 'silent';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let authExpiredHandler: (() => void) | null = null;

/** Registered once by main.ts: clears the session and routes to /login?redirect=… */
export function onAuthExpired(handler: () => void): void {
  authExpiredHandler = handler;
}

/** The session is over (a refresh was refused): run the handler main.ts registered. */
export function notifyAuthExpired(): void {
  authExpiredHandler?.();
}

let refreshInFlight: Promise<boolean> | null = null;

function postRefresh(): Promise<boolean> {
  return fetch('/api/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: '{}',
  })
    .then((res) => res.ok)
    .catch(() => false);
}

/**
 * POST /api/auth/refresh once for any number of concurrent 401s in this tab, and one tab at a time
 * across tabs (Web Locks): refresh tokens are single-use, so two tabs presenting the same one at
 * once would look like token theft and end the session. The second tab refreshes with the cookie
 * the first one just received.
 */
export function refreshSession(): Promise<boolean> {
  if (refreshInFlight) return refreshInFlight;
  const locked: Promise<boolean> =
    typeof navigator !== 'undefined' && navigator.locks
      ? (navigator.locks.request('advocate-hub-refresh', () => postRefresh()) as unknown as Promise<boolean>)
      : postRefresh();
  const pending = locked.finally(() => {
    refreshInFlight = null;
  });
  refreshInFlight = pending;
  return pending;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

function parseRetryAfter(res: Response): number | null {
  const header = res.headers.get('Retry-After');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

async function toError(res: Response): Promise<ApiRequestError> {
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    payload = null;
  }
  const envelope = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const retryAfter = parseRetryAfter(res);
  if (envelope && typeof envelope.code === 'string') {
    const message = typeof envelope.message === 'string' && envelope.message ? envelope.message : res.statusText;
    return new ApiRequestError(res.status, envelope.code, message, envelope.details, retryAfter);
  }
  const fallback =
    res.status >= 500
      ? 'The server ran into a problem. Please try again in a moment.'
      : `The request failed (${res.status} ${res.statusText}).`;
  return new ApiRequestError(res.status, `http_${res.status}`, fallback, undefined, retryAfter);
}

async function send(method: Method, path: string, body: unknown, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const init: RequestInit = { method, credentials: 'same-origin', headers, signal: opts.signal };
  if (method !== 'GET' && method !== 'DELETE') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  } else if (body !== undefined && method === 'DELETE') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiRequestError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
}

async function request<T>(method: Method, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, body, opts);

  if (res.status === 401 && !path.startsWith('/api/auth/')) {
    const refreshed = await refreshSession();
    if (refreshed) res = await send(method, path, body, opts);
    if (res.status === 401) {
      const error = await toError(res);
      if ((opts.onAuthFailure ?? 'redirect') === 'redirect') authExpiredHandler?.();
      throw error;
    }
  }

  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  /** GET; the second argument becomes the query string (empty values are left out). */
  get<T>(path: string, query?: Query, opts?: RequestOptions): Promise<T> {
    return request<T>('GET', withQuery(path, query), undefined, opts);
  },
  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return request<T>('POST', path, body, opts);
  },
  put<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return request<T>('PUT', path, body, opts);
  },
  patch<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return request<T>('PATCH', path, body, opts);
  },
  delete<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return request<T>('DELETE', path, body, opts);
  },
};
