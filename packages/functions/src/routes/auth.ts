import { randomBytes } from "node:crypto";
import { GlossError } from "@gloss/core/error";
import * as User from "@gloss/core/user";
import { z } from "zod";
import { safeReturnTo } from "../auth/return-to.ts";
import { checkSameOrigin } from "../http/caller.ts";
import {
  clearSessionCookies,
  sessionCookies,
  setSessionCookies,
  setStateCookie,
  takeStateCookie,
} from "../http/cookies.ts";
import { limitRate } from "../http/rate.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json } from "../http/schemas.ts";

const AuthConfig = z
  .object({ mode: z.enum(["local", "required"]), signedIn: z.boolean() })
  .meta({ id: "AuthConfig" });

/** Only same-site paths: a sign-in link must not become an open redirect (see return-to.ts). */
const ReturnTo = z
  .string()
  .max(2000)
  .refine((value) => safeReturnTo(value) !== null, "a path on this site")
  .optional();

const signInLimit = limitRate("signin", { max: 30, windowSeconds: 600 });

function callbackUrl(
  requestUrl: string,
  forwardedHost: string | undefined,
  forwardedProto: string | undefined,
) {
  const url = new URL(requestUrl);
  if (forwardedHost) url.host = forwardedHost;
  if (forwardedProto) url.protocol = `${forwardedProto}:`;
  return `${url.origin}/api/auth/callback`;
}

export const auth = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/auth/config",
      operationId: "getAuthConfig",
      access: "public",
      summary: "Whether sign-in is required, and whether this browser is signed in",
      tags: ["Account"],
      responses: { 200: json(AuthConfig, "Authentication mode") },
    }),
    async (c) => c.json({ mode: c.var.auth.mode, signedIn: Boolean(c.var.caller) }, 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/auth/login",
      operationId: "startSignIn",
      access: "public",
      rateLimit: signInLimit,
      summary: "Start signing in: redirects to the sign-in page",
      tags: ["Account"],
      request: { query: z.object({ returnTo: ReturnTo }) },
      responses: { 302: { description: "To the issuer's sign-in page" }, ...errors(400, 429) },
    }),
    async (c) => {
      const requested = c.req.valid("query").returnTo;
      const returnTo = (requested && safeReturnTo(requested)) || "/";
      const authConfig = c.var.auth;
      if (authConfig.mode === "local") return c.redirect(returnTo, 302);
      const state = randomBytes(16).toString("base64url");
      setStateCookie(c, `${state}|${returnTo}`);
      const redirectUri = callbackUrl(
        c.req.url,
        c.req.header("x-forwarded-host"),
        c.req.header("x-forwarded-proto"),
      );
      return c.redirect(await authConfig.sessions.authorizeUrl(redirectUri, state), 302);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/auth/callback",
      operationId: "finishSignIn",
      access: "public",
      rateLimit: signInLimit,
      summary: "Where the issuer returns after sign-in; sets the session cookies",
      tags: ["Account"],
      request: { query: z.object({ code: z.string().max(200), state: z.string().max(200) }) },
      responses: {
        302: { description: "Back to the page that asked for sign-in" },
        ...errors(400, 401, 429),
      },
    }),
    async (c) => {
      const authConfig = c.var.auth;
      if (authConfig.mode === "local") return c.redirect("/", 302);
      const { code, state } = c.req.valid("query");
      // "<state>|<returnTo>"; the path is checked again, as a cookie is the client's to change.
      const cookie = takeStateCookie(c) ?? "";
      const bar = cookie.indexOf("|");
      const expected = bar < 0 ? cookie : cookie.slice(0, bar);
      const returnTo = (bar >= 0 && safeReturnTo(cookie.slice(bar + 1))) || "/";
      if (!expected || expected !== state) {
        throw new GlossError(
          "malformed",
          "auth.state_mismatch",
          "sign-in expired or came from elsewhere; start again",
        );
      }
      const redirectUri = callbackUrl(
        c.req.url,
        c.req.header("x-forwarded-host"),
        c.req.header("x-forwarded-proto"),
      );
      const tokens = await authConfig.sessions.exchange(code, redirectUri);
      if (!tokens)
        throw new GlossError(
          "unauthenticated",
          "auth.code_invalid",
          "the sign-in code is invalid or used",
        );
      setSessionCookies(c, tokens);
      return c.redirect(returnTo, 302);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/auth/logout",
      operationId: "signOut",
      access: "public",
      summary: "Sign out: ends the session at once (its access and refresh tokens stop working)",
      tags: ["Account"],
      responses: { 204: { description: "Signed out" }, ...errors(403) },
    }),
    async (c) => {
      const authConfig = c.var.auth;
      const cookies = sessionCookies(c);
      if (authConfig.mode === "required" && (cookies.access || cookies.refresh)) {
        // Another site must not be able to sign its visitors out either.
        checkSameOrigin(c);
        const verified = await authConfig.sessions.verify(cookies).catch(() => null);
        if (verified) await User.endSession(c.var.ctx, verified.sessionId);
        if (cookies.refresh) await authConfig.sessions.revoke(cookies.refresh);
      }
      clearSessionCookies(c);
      return c.body(null, 204);
    },
  );
