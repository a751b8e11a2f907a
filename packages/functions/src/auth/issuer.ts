import type { Context } from "@gloss/core/context";
import { type RateLimit, rateLimited } from "@gloss/core/ratelimit";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { issuer } from "@openauthjs/openauth";
import { Hono, type Context as HonoContext } from "hono";
import { bodyLimit } from "hono/body-limit";
import { clientAddress } from "../http/client-address.ts";
import { type CodeLimits, DEFAULT_CODE_LIMITS, emailCodeProvider } from "./code-provider.ts";
import { keySecret } from "./key-secret.ts";
import { allowedRedirect } from "./redirect-uri.ts";
import { tableStorage } from "./storage.ts";
import { CLIENT_ID, subjects } from "./subjects.ts";

export interface IssuerDeps {
  ctx: Context;
  /** Delivers a sign-in code; locally it is printed to the console. */
  sendCode: (email: string, code: string) => Promise<void>;
  /** Sign-in requests (code requests, code checks, token calls) per client address in a window. */
  limit?: RateLimit;
  /** Codes and code checks per normalised email. */
  codeLimits?: CodeLimits;
  /** Calls of the token endpoint: per client address, and per session holder (refresh). */
  tokenLimits?: { perAddress: RateLimit; perSubject: RateLimit };
  /** Called after every successful sign-in (the local runtime hands its workspace to the first). */
  onSignIn?: (user: User.User) => Promise<void>;
  /** Session lifetimes in seconds: access token (refreshed silently) and refresh token. */
  ttl?: { access: number; refresh: number };
}

/**
 * The token endpoint's legitimate caller is the API itself (it exchanges codes and refreshes
 * sessions server-side for every user), so its address limit is only a ceiling against floods;
 * what bounds a stolen or guessed refresh token is the limit per token holder. A browser
 * refreshes about once per 15 minutes.
 */
const DEFAULT_TOKEN_LIMITS = {
  perAddress: { max: 1200, windowSeconds: 60 },
  perSubject: { max: 60, windowSeconds: 600 },
};

/** The sign-in forms and the token endpoint take a few short fields, never more. */
const MAX_FORM_BYTES = 16 * 1024;

const tooMany = (retryAfter: number) =>
  new Response("Too many sign-in attempts. Try again later.", {
    status: 429,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(retryAfter) },
  });

/**
 * The OpenAuth issuer of Gloss: email + one-time code, storage in the Gloss table. A user is
 * created on first sign-in, with a default workspace of their own, and every sign-in starts a
 * session the API checks on each request.
 */
export function createIssuer(deps: IssuerDeps) {
  // Deployed without the secret its keys are sealed with, fail now, not at the first sign-in.
  keySecret();
  const limit = deps.limit ?? { max: 30, windowSeconds: 600 };
  const ttl = deps.ttl ?? { access: 15 * 60, refresh: 30 * 86_400 };
  const auth = issuer({
    subjects,
    storage: tableStorage(deps.ctx),
    ttl,
    // Redirects only to the app's own callback on the origin the sign-in page was served on.
    allow: async (input, req) =>
      input.clientID === CLIENT_ID && allowedRedirect(input.redirectURI, req),
    // Named "email" (paths /email/…) rather than "code", which would shadow the reader's /codebook
    // on the shared origin.
    providers: {
      email: emailCodeProvider({
        ctx: deps.ctx,
        sendCode: deps.sendCode,
        limits: deps.codeLimits ?? DEFAULT_CODE_LIMITS,
        tooMany,
      }),
    },
    success: async (ctx, value) => {
      const user = await User.getOrCreateByEmail(deps.ctx, value.claims.email);
      await deps.onSignIn?.(user);
      // A first sign-in gets a workspace of its own, unless it already has one (handed over).
      if ((await Workspace.listForUser(deps.ctx, user.id)).length === 0) {
        await Workspace.ensureDefault(deps.ctx, {
          id: user.id,
          name: user.name,
          email: user.email,
        });
      }
      const session = await User.startSession(deps.ctx, user.id, ttl.refresh);
      return ctx.subject("user", { id: user.id, email: user.email ?? "", sid: session.id });
    },
  });
  // Every POST (code requests, code checks, token calls) is bounded and limited per client
  // address; codes and checks are also limited per email, inside the provider.
  const tokenLimits = deps.tokenLimits ?? DEFAULT_TOKEN_LIMITS;
  const perAddress = async (c: HonoContext, name: string, within: RateLimit) =>
    rateLimited(deps.ctx, [`${name}:${clientAddress(c)}`], within);
  /** The holder a refresh token names ("<subject>:<secret>"), for the per-holder limit. */
  const refreshSubject = async (req: Request) => {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const token = String(form?.get("refresh_token") ?? "");
    return form?.get("grant_type") === "refresh_token"
      ? token.slice(0, token.lastIndexOf(":"))
      : "";
  };
  const formLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => c.text("The form is too large.", 413),
  });
  return new Hono()
    .use("/email/authorize", async (c, next) => {
      if (c.req.method !== "POST") return next();
      const retryAfter = await perAddress(c, "signin-ip", limit);
      if (retryAfter) return tooMany(retryAfter);
      return formLimit(c, next);
    })
    .use("/token", async (c, next) => {
      if (c.req.method !== "POST") return next();
      return formLimit(c, async () => {
        const subject = await refreshSubject(c.req.raw);
        const retryAfter =
          (await perAddress(c, "token-ip", tokenLimits.perAddress)) ||
          (subject
            ? await rateLimited(deps.ctx, [`token-subject:${subject}`], tokenLimits.perSubject)
            : 0);
        if (!retryAfter) return next();
        c.res = c.json({ error: "slow_down", error_description: "too many token requests" }, 429, {
          "Retry-After": String(retryAfter),
        });
      });
    })
    .use("/authorize", async (c, next) => {
      // OpenAuth answers an unknown client or redirect_uri by redirecting to that very URI with
      // an error: an open redirect. Refused here, before it runs, with no redirect at all.
      const redirectUri = c.req.query("redirect_uri") ?? "";
      if (c.req.query("client_id") !== CLIENT_ID || !allowedRedirect(redirectUri, c.req.raw)) {
        return c.text("Unknown client or redirect_uri.", 400);
      }
      await next();
    })
    .route("/", auth);
}
