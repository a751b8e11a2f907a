import type { Context } from "@gloss/core/context";
import { type RateLimit, rateLimited } from "@gloss/core/ratelimit";
import { hashSecret } from "@gloss/core/secret";
import * as User from "@gloss/core/user";
import type { Provider } from "@openauthjs/openauth/provider/provider";
import type { Context as HonoContext } from "hono";
import { type CodeError, type CodeState, codePage } from "./code-page.ts";
import { signInEmail } from "./email-address.ts";

export interface CodeLimits {
  /** Codes sent per normalised email in a window. */
  requests: RateLimit;
  /** Code checks per normalised email in a window, over all its codes. */
  checks: RateLimit;
}

export const DEFAULT_CODE_LIMITS: CodeLimits = {
  requests: { max: 10, windowSeconds: 600 },
  checks: { max: 15, windowSeconds: 3600 },
};

interface Deps {
  ctx: Context;
  sendCode: (email: string, code: string) => Promise<void>;
  limits: CodeLimits;
  /** Answers a request over a limit (429). */
  tooMany: (retryAfter: number) => Response;
}

/**
 * Email + one-time code sign-in, with the code kept server-side (core/user/signin-code.ts).
 * OpenAuth's own code provider keeps the code inside the browser's state cookie for 24 hours and
 * never counts checks, so a saved cookie could be replayed for unlimited guesses. Here the code
 * is bound to the normalised email and counted per code (five checks) and per email (across
 * codes); the state cookie only says which email is signing in.
 */
export function emailCodeProvider(deps: Deps): Provider<{ claims: { email: string } }> {
  const { ctx } = deps;
  return {
    type: "code",
    init(routes, options) {
      const show = async (c: HonoContext, state: CodeState, error?: CodeError) => {
        await options.set(c, "provider", User.CODE_TTL_SECONDS, state);
        return options.forward(c, codePage(state, error));
      };
      routes.get("/authorize", (c) => show(c, { type: "start" }));
      routes.post("/authorize", async (c) => {
        const form = await c.req.formData().catch(() => null);
        const action = String(form?.get("action") ?? "");
        const state = (await options.get<CodeState | undefined>(c, "provider")) ?? {
          type: "start",
        };
        if (action === "request" || action === "resend") {
          const email = signInEmail(form?.get("email"));
          if (!email) return show(c, { type: "start" }, { type: "invalid_email" });
          const retryAfter = await rateLimited(
            ctx,
            [`signin-email:${hashSecret(email)}`],
            deps.limits.requests,
          );
          if (retryAfter) return deps.tooMany(retryAfter);
          await deps.sendCode(email, await User.issueSignInCode(ctx, email));
          return show(c, { type: "code", email, resend: action === "resend" });
        }
        if (action === "verify" && state.type === "code" && typeof state.email === "string") {
          const retryAfter = await rateLimited(
            ctx,
            [`signin-check:${hashSecret(state.email)}`],
            deps.limits.checks,
          );
          if (retryAfter) return deps.tooMany(retryAfter);
          const code = String(form?.get("code") ?? "").trim();
          const outcome = await User.checkSignInCode(ctx, state.email, code);
          if (outcome === "ok") {
            await options.unset(c, "provider");
            return options.forward(c, await options.success(c, { claims: { email: state.email } }));
          }
          return show(
            c,
            { ...state, resend: false },
            { type: outcome === "spent" ? "code_spent" : "invalid_code" },
          );
        }
        return show(c, { type: "start" });
      });
    },
  };
}
