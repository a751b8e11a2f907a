import type { Page } from "./types.ts";

/** An API error response (`{error: {code, message}}`) or a failure to reach the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Body = Record<string, unknown> | FormData | undefined;

/** Dispatched on `window` when the API answers 401: the caller is not (or no longer) signed in. */
export const UNAUTHENTICATED = "gloss:unauthenticated";

/** Calls the API and returns its JSON (or text), throwing an ApiError on any failure. */
export async function request<T>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: Body,
  as: "json" | "text" = "json",
  headers: Record<string, string> = {},
): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: "application/json", ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (body) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, "Content-Type": "application/json" };
  }
  let response: Response;
  try {
    response = await fetch(`/api${path}`, init);
  } catch {
    throw new ApiError(0, "network", "Could not reach the Gloss server. Is it running?");
  }
  if (!response.ok) {
    // A session that ended (signed out, expired) shows the sign-in screen wherever it is noticed.
    if (response.status === 401) window.dispatchEvent(new Event(UNAUTHENTICATED));
    throw await errorOf(response);
  }
  if (response.status === 204) return undefined as T;
  return (as === "text" ? await response.text() : await response.json()) as T;
}

/**
 * Creates a resource under a fresh Idempotency-Key and retries once, with the same key, when the
 * server could not be reached: the first request may have arrived, and the key makes the server
 * answer the retry with that first result instead of creating a duplicate.
 */
export async function createOnce<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const headers = { "Idempotency-Key": crypto.randomUUID() };
  try {
    return await request<T>("POST", path, body, "json", headers);
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) {
      return request<T>("POST", path, body, "json", headers);
    }
    throw error;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const { error } = (await response.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    if (error?.code) {
      return new ApiError(response.status, error.code, error.message ?? error.code, error.details);
    }
  } catch {
    // Not JSON (a proxy's error page): fall through to the status line.
  }
  return new ApiError(
    response.status,
    `http.${response.status}`,
    `The server answered ${response.status} ${response.statusText}`.trim(),
  );
}

/** Query string from the defined values of `params`. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}

/** The address of an API resource, for links and downloads the browser fetches itself. */
export function apiUrl(path: string, params: Record<string, string | number | undefined> = {}) {
  return `/api${path}${query(params)}`;
}

/** Every item of a paginated list, following `nextCursor` with the largest page size. */
export async function all<T>(path: string, params: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await request<Page<T>>("GET", path + query({ ...params, limit: 500, cursor }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Words for an error, for people. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
