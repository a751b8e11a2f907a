import type { Context } from "@gloss/core/context";
import { type RateLimit, rateLimited } from "@gloss/core/ratelimit";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { issuer } from "@openauthjs/openauth";
import { CodeProvider } from "@openauthjs/openauth/provider/code";
import { Hono } from "hono";
import { clientAddress } from "../http/client-address.ts";
import { codePage } from "./code-page.ts";
import { tableStorage } from "./storage.ts";
import { subjects } from "./subjects.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface IssuerDeps {
  ctx: Context;
  /** Delivers a sign-in code; locally it is printed to the console. */
  sendCode: (email: string, code: string) => Promise<void>;
  /** Sign-in attempts allowed per email and per client address in a window. */
  limit?: RateLimit;
  /** Called after every successful sign-in (the local runtime hands its workspace to the first). */
  onSignIn?: (user: User.User) => Promise<void>;
  /** Session lifetimes in seconds: access token (refreshed silently) and refresh token. */
  ttl?: { access: number; refresh: number };
}

/**
 * The OpenAuth issuer of Gloss: email + one-time code, storage in the Gloss table. A user is
 * created on first sign-in, with a default workspace of their own.
 */
export function createIssuer(deps: IssuerDeps) {
  const limit = deps.limit ?? { max: 10, windowSeconds: 600 };
  const auth = issuer({
    subjects,
    storage: tableStorage(deps.ctx),
    ttl: deps.ttl ?? { access: 15 * 60, refresh: 30 * 86_400 },
    // Redirects only back to the origin the sign-in page was served on: the app's own.
    allow: async (input, req) =>
      new URL(input.redirectURI).host ===
      (req.headers.get("x-forwarded-host") ?? new URL(req.url).host),
    // Named "email" (paths /email/…) rather than "code", which would shadow the reader's /codebook
    // on the shared origin.
    providers: {
      email: CodeProvider({
        length: 6,
        request: codePage as never,
        sendCode: async (claims, code) => {
          const email = claims.email?.trim() ?? "";
          if (!EMAIL.test(email) || email.length > 254) {
            return { type: "invalid_claim", key: "email", value: email };
          }
          await deps.sendCode(User.normalizeEmail(email), code);
        },
      }),
    },
    success: async (ctx, value) => {
      const user = await User.getOrCreateByEmail(deps.ctx, value.claims.email as string);
      await deps.onSignIn?.(user);
      // A first sign-in gets a workspace of its own, unless it already has one (handed over).
      if ((await Workspace.listForUser(deps.ctx, user.id)).length === 0) {
        await Workspace.ensureDefault(deps.ctx, {
          id: user.id,
          name: user.name,
          email: user.email,
        });
      }
      return ctx.subject("user", { id: user.id, email: user.email ?? "" });
    },
  });
  // Code requests and code checks are rate limited per client address and per email, so codes
  // can neither be sprayed at an inbox nor guessed (6 digits, 10 tries per 10 minutes).
  return new Hono()
    .use("/email/authorize", async (c, next) => {
      if (c.req.method === "POST") {
        const form = await c.req.raw
          .clone()
          .formData()
          .catch(() => null);
        const email = String(form?.get("email") ?? "").toLowerCase();
        const address = clientAddress(c);
        const retryAfter = await rateLimited(
          deps.ctx,
          [`signin-ip:${address}`, email && `signin-email:${email}`],
          limit,
        );
        if (retryAfter) {
          return c.text("Too many sign-in attempts. Try again later.", 429, {
            "Retry-After": String(retryAfter),
          });
        }
      }
      await next();
    })
    .route("/", auth);
}
