import { GlossError } from "@gloss/core/error";
import { type RateLimit, rateLimited } from "@gloss/core/ratelimit";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

/** The client's address as the edge reports it (CloudFront/Lambda URL set X-Forwarded-For). */
export function clientAddress(header: string | undefined): string {
  return header?.split(",")[0]?.trim() || "local";
}

/**
 * Limits a route per caller (or per client address when there is none): 429 with Retry-After
 * once `max` requests were made in the current window.
 */
export function limitRate(name: string, limit: RateLimit): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const who = c.var.caller?.userId ?? clientAddress(c.req.header("x-forwarded-for"));
    const retryAfter = await rateLimited(c.var.ctx, [`${name}:${who}`], limit);
    if (retryAfter) {
      throw new GlossError(
        "rate_limited",
        "request.rate_limited",
        `too many requests; retry in ${retryAfter} s`,
        {
          retryAfter,
        },
      );
    }
    await next();
  };
}
