import { GlossError } from "@gloss/core/error";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

/**
 * Security headers on every API response. JSON needs no script, style or frame; the API reference
 * page loads its own script and stylesheet from /api/docs only. HSTS is ignored by browsers on
 * plain-http localhost, so it is safe to send everywhere.
 *
 * The reference page (Scalar's bundle, see reference/page.ts) injects its stylesheets as <style>
 * elements at run time, so /api/docs alone allows inline styles; its scripts still come only from
 * 'self', and nothing may load from another origin.
 */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const headers = c.res.headers;
  if (!headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", c.req.path.startsWith("/api/docs") ? DOCS_CSP : API_CSP);
  }
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (!headers.has("Referrer-Policy"))
    headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
};

/**
 * The host of an Origin header, or null when it is not a URL: browsers send `Origin: null` from
 * sandboxed frames and file pages, and anyone can send anything.
 */
export function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * CORS: the reader and the API share one origin, so no other origin is ever allowed. Preflights
 * from elsewhere get 403 (the error shape, no Access-Control-Allow-* headers); the browser then
 * blocks the call.
 */
export const sameOriginOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  if (c.req.method === "OPTIONS" && origin) {
    const host = c.req.header("x-forwarded-host") ?? new URL(c.req.url).host;
    if (originHost(origin) !== host) {
      throw new GlossError("forbidden", "cors.origin_refused", "cross-origin requests are refused");
    }
    return c.body(null, 204, {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE",
      "Access-Control-Allow-Headers": "content-type, authorization, idempotency-key",
      Vary: "Origin",
    });
  }
  await next();
};
