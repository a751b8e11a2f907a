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
 * `Idempotency-Key` for creates: the first request runs with a reserved resource id, a retry
 * gets the first response (status and body), and a retry of a crashed or failed first attempt
 * runs again with the same id, which the store refuses to create twice.
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
    const requestHash = createHash("sha256")
      .update(c.req.header("content-type") ?? "")
      .update(body)
      .digest("hex");
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
    await next();
    const status = c.res.status;
    if (status >= 500) {
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
