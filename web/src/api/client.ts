/**
 * The one way the app talks to the API: same-origin cookies, the CSRF token once a
 * session has one, and typed errors. A 401 flips the app to its sign-in page.
 */
export interface Problem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** An answer first-screen/prefetch.ts asked for before the app loaded (null: it decided not to ask). */
function takePrefetched(url: string): Promise<Response | null> | undefined {
  const store = (window as { __mandatePrefetch?: Record<string, Promise<Response | null>> }).__mandatePrefetch;
  const hit = store?.[url];
  if (hit && store) delete store[url];
  return hit;
}

/** Forgets the prefetched answers: asked before sign-in, they are 401s that would sign the user out again. */
export function dropPrefetched(): void {
  delete (window as { __mandatePrefetch?: Record<string, Promise<Response>> }).__mandatePrefetch;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(
  path: string,
  options: {
    method?: string;
    body?: unknown;
    query?: Query;
    signal?: AbortSignal;
    quiet401?: boolean;
    /** More request headers, e.g. `idempotency-key` (web/src/lib/outbox.ts). */
    headers?: Record<string, string>;
  } = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  const url = withQuery(`/api${path}`, options.query);
  // The first screen's requests may already be in flight (first-screen/prefetch.ts).
  const prefetched = method === 'GET' ? takePrefetched(url) : undefined;
  try {
    response =
      (prefetched && (await prefetched)) ??
      (await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
      }));
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (response.status === 401 && !options.quiet401) for (const l of unauthorizedListeners) l();
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = (data as { error?: { code?: string; message?: string; problems?: Problem[] } } | null)?.error;
    throw new ApiError(
      response.status,
      err?.code ?? 'http_error',
      err?.message ?? response.statusText,
      err?.problems ?? [],
    );
  }
  return data as T;
}

/** Field errors keyed by field path without the `body.` prefix: `percent`, `evidence[0].url`. */
export function fieldErrors(problems: Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const key = p.path.replace(/^body\.?/, '') || '_';
    out[key] ??= p.message;
  }
  return out;
}
