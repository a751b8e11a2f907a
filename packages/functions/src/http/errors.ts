import { type ErrorKind, GlossError, isStorageUnavailable } from "@gloss/core/error";
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env.ts";
import { log } from "./log.ts";

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  invalid: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** Seconds a client should wait before retrying when storage is unavailable. */
const RETRY_AFTER_SECONDS = 2;

/** Conflicts that ask the client to retry the same request shortly: they carry Retry-After. */
const RETRYABLE_CONFLICTS = new Set(["idempotency.in_progress", "document.version_in_progress"]);

/** Hono's own exceptions (from its validators and middleware), as GlossErrors. */
function fromHttpException(error: HTTPException): GlossError {
  switch (error.status) {
    case 400:
      return /JSON/i.test(error.message)
        ? new GlossError(
            "malformed",
            "request.malformed_json",
            "the request body is not valid JSON",
          )
        : new GlossError(
            "malformed",
            "request.malformed_body",
            error.message || "the request body could not be read",
          );
    case 413:
      return new GlossError("too_large", "request.too_large", "the request body is too large");
    case 415:
      return new GlossError(
        "unsupported",
        "request.unsupported_media_type",
        "unsupported Content-Type for this route; see /api/docs",
      );
    default:
      return new GlossError("malformed", "request.invalid", error.message || "invalid request");
  }
}

/**
 * The only place errors become responses: `{ error: { code, message } }` with the status of the
 * error's kind. Unknown errors are logged with the request id and answered without internals.
 */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  let gloss: GlossError;
  if (error instanceof GlossError) {
    gloss = error;
  } else if (error instanceof HTTPException) {
    gloss = fromHttpException(error);
  } else if (isStorageUnavailable(error)) {
    log("error", "storage unavailable", { requestId: c.var.requestId, error: describe(error) });
    gloss = new GlossError(
      "unavailable",
      "storage.unavailable",
      "storage is temporarily unavailable; retry shortly",
    );
  } else {
    log("error", "unhandled error", { requestId: c.var.requestId, error: describe(error) });
    return c.json(
      {
        error: {
          code: "internal",
          message: `internal error; request id ${c.var.requestId ?? "unknown"}`,
        },
      },
      500,
    );
  }
  if (gloss.kind === "unavailable") c.header("Retry-After", String(RETRY_AFTER_SECONDS));
  if (gloss.kind === "conflict" && RETRYABLE_CONFLICTS.has(gloss.code))
    c.header("Retry-After", String(gloss.details?.retryAfter ?? 1));
  if (gloss.kind === "rate_limited")
    c.header("Retry-After", String(gloss.details?.retryAfter ?? 60));
  return c.json(
    {
      error: {
        code: gloss.code,
        message: gloss.message,
        ...(gloss.details ? { details: gloss.details } : {}),
      },
    },
    STATUS[gloss.kind],
  );
};

function describe(error: unknown) {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : String(error);
}
