import { GlossError } from "@gloss/core/error";
import { type RateLimit, rateLimited } from "@gloss/core/ratelimit";
import type { MiddlewareHandler } from "hono";
import { clientAddress } from "./client-address.ts";
import type { AppEnv } from "./env.ts";

/**
 * Limits a route per caller (or per client address when there is none): 429 with Retry-After
 * once `max` requests were made in the current window.
 */
export function limitRate(name: string, limit: RateLimit): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const who = c.var.caller?.userId ?? clientAddress(c);
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
