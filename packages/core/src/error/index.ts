/**
 * The one error model of Gloss. Core code throws `GlossError`; the HTTP edge maps `kind` to a
 * status in a single place and writes `{ error: { code, message } }`.
 */
export type ErrorKind =
  | "malformed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unsupported"
  | "invalid"
  | "rate_limited"
  | "unavailable";

export class GlossError extends Error {
  override readonly name = "GlossError";
  constructor(
    readonly kind: ErrorKind,
    /** Dotted, stable, machine-readable: `annotation.quote_mismatch`. */
    readonly code: string,
    message: string,
    /** Extra JSON-safe data for the client, e.g. the current state on a version conflict. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** True when `error` is a GlossError, optionally of the given kind. */
export function isGlossError(error: unknown, kind?: ErrorKind): error is GlossError {
  return error instanceof GlossError && (kind === undefined || error.kind === kind);
}

export { isStorageUnavailable } from "./storage.ts";
