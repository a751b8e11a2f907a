import { createHash } from "node:crypto";
import { GlossError } from "@gloss/core/error";
import type { IdPrefix } from "@gloss/core/id";
import * as Idempotency from "@gloss/core/idempotency";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

export interface IdempotencyRule {
  /** Prefix of the id the create makes, reserved before it runs. */
  prefix: IdPrefix;
  /** Response fields that are secrets shown once: never stored, so a replay omits them. */
  secretFields?: string[];
}

/**
 * Whether a response is the request's final outcome, replayed to every retry: a success or a
 * refusal the same request would get again (400, 404, 413, 422…). Conflicts, rate limits, timeouts
 * and server errors depend on the moment, so they are not stored and a retry runs again (as Stripe
 * and the IETF Idempotency-Key draft do).
 */
export function isFinalOutcome(status: number): boolean {
  if (status >= 200 && status < 300) return true;
  if (status < 400 || status >= 500) return false;
  return ![408, 409, 423, 425, 429].includes(status);
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/**
 * What a request asks for, independent of how it was framed. A multipart body is hashed by its
 * parsed fields (the file by name, type and SHA-256 of its bytes), never raw: the random
 * boundary differs on every retry of the same upload.
 */
export async function requestFingerprint(
  contentType: string,
  body: Uint8Array<ArrayBuffer>,
): Promise<string> {
  if (/^multipart\/form-data/i.test(contentType)) {
    const form = await new Response(body, { headers: { "content-type": contentType } })
      .formData()
      .catch(() => null);
    if (form) {
      const parts: string[] = [];
      for (const [name, value] of form.entries()) {
        parts.push(
          typeof value === "string"
            ? JSON.stringify([name, value])
            : JSON.stringify([
                name,
                value.name,
                value.type,
                sha256(new Uint8Array(await value.arrayBuffer())),
              ]),
        );
      }
      // Field order is the client's choice; the meaning is the set of fields.
      parts.sort();
      return sha256(`multipart/form-data\n${parts.join("\n")}`);
    }
  }
  return createHash("sha256").update(contentType).update(body).digest("hex");
}

/**
 * `Idempotency-Key` for creates: the first request runs with a reserved resource id, a retry
 * gets the first final response (status and body), and a retry of a request that crashed, failed
 * or was refused for the moment (409, 429, 5xx) runs again with the same id, which the store
 * refuses to create twice.
 */
export function idempotent(rule: IdempotencyRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{8,255}$/.test(key)) {
      throw new GlossError(
        "malformed",
        "idempotency.key_invalid",
        "Idempotency-Key must be 8 to 255 printable ASCII characters",
      );
    }
    const body = new Uint8Array(await c.req.arrayBuffer());
    const requestHash = await requestFingerprint(c.req.header("content-type") ?? "", body);
    const scope = `${c.var.caller?.userId ?? "anonymous"} ${c.req.method} ${c.req.path}`;
    const reservation = await Idempotency.reserve(c.var.ctx, {
      scope,
      key,
      requestHash,
      prefix: rule.prefix,
    });
    if (reservation.kind === "replay") {
      const { status, body: stored, contentType } = reservation.response;
      return c.body(stored, status as 200, {
        "Content-Type": contentType,
        "Idempotent-Replayed": "true",
      });
    }
    c.set("resourceId", reservation.resourceId);
    try {
      await next();
    } catch (error) {
      // Not turned into a response (a crash in the handler chain): a retry may run at once.
      await Idempotency.release(c.var.ctx, reservation.hash);
      throw error;
    }
    const status = c.res.status;
    if (!isFinalOutcome(status)) {
      await Idempotency.release(c.var.ctx, reservation.hash);
      return;
    }
    const contentType = c.res.headers.get("content-type") ?? "application/json";
    let text = await c.res.clone().text();
    if (rule.secretFields && contentType.startsWith("application/json")) {
      const json = JSON.parse(text) as Record<string, unknown>;
      for (const field of rule.secretFields) delete json[field];
      text = JSON.stringify(json);
    }
    await Idempotency.complete(c.var.ctx, reservation.hash, { status, body: text, contentType });
  };
}
