import type { Context } from "@gloss/core/context";
import { GlossError } from "@gloss/core/error";
import * as Token from "@gloss/core/token";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import type { Context as HonoContext, MiddlewareHandler } from "hono";
import {
  clearSessionCookies,
  SESSION_SECONDS,
  sessionCookies,
  setSessionCookies,
} from "./cookies.ts";
import type { AppEnv, Caller } from "./env.ts";
import { originHost } from "./headers.ts";

/**
 * The local owner, with their default workspace (and the default codebook) created on first use.
 * Memoised per process; a failed attempt is retried on the next request.
 */
function localOwner(ctx: Context): () => Promise<Caller> {
  let ready: Promise<string> | null = null;
  return async () => {
    ready ??= Workspace.ensureDefault(ctx, User.LOCAL_OWNER).catch((error: unknown) => {
      ready = null;
      throw error;
    });
    await ready;
    return { userId: User.LOCAL_OWNER.id, name: User.LOCAL_OWNER.name, email: null, via: "local" };
  };
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cookie-authenticated writes must come from the app's own pages. Browsers send Origin on every
 * cross-site POST/PATCH/DELETE and fetch; Sec-Fetch-Site covers the rest.
 */
export function checkSameOrigin(c: HonoContext<AppEnv>): void {
  if (!UNSAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header("origin");
  const url = new URL(c.req.url);
  const host = c.req.header("x-forwarded-host") ?? url.host;
  const sameOrigin = origin
    ? originHost(origin) === host
    : c.req.header("sec-fetch-site") === "same-origin";
  if (!sameOrigin) {
    throw new GlossError(
      "forbidden",
      "auth.cross_site",
      "cross-site request refused; use the Gloss app or an API token",
    );
  }
}

/**
 * Resolves the caller once per request: a personal API token (`Authorization: Bearer`), else the
 * local owner when authentication is off, else the session cookies (refreshed when expired).
 * Routes that need a caller refuse with 401 when there is none.
 */
export function resolveCaller(ctx: Context): MiddlewareHandler<AppEnv> {
  const local = localOwner(ctx);
  return async (c, next) => {
    const authorization = c.req.header("authorization");
    if (authorization) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const verified = token ? await Token.verify(ctx, token) : null;
      // A token made with sign-in off belongs to the local owner, who has no account: once
      // sign-in is required it would be an owner nobody can see or revoke.
      const localWithSignIn =
        verified?.userId === User.LOCAL_OWNER.id && c.var.auth.mode === "required";
      if (!verified || localWithSignIn) {
        throw new GlossError(
          "unauthenticated",
          "auth.invalid_token",
          "the API token is unknown, revoked or expired",
        );
      }
      const user =
        verified.userId === User.LOCAL_OWNER.id
          ? User.LOCAL_OWNER
          : await User.get(ctx, verified.userId);
      c.set("caller", { userId: user.id, name: user.name, email: user.email, via: "token" });
    } else if (c.var.auth.mode === "local") {
      c.set("caller", await local());
    } else {
      const cookies = sessionCookies(c);
      if (cookies.access || cookies.refresh) {
        const verified = await c.var.auth.sessions.verify(cookies);
        // A signed token is not enough: its session must not have ended (signed out).
        const session =
          verified && (await User.sessionLive(ctx, verified.sessionId, verified.userId))
            ? verified
            : null;
        if (session) {
          if (session.refreshed) {
            await User.renewSession(ctx, session.sessionId, SESSION_SECONDS);
            setSessionCookies(c, session.refreshed);
          }
          const user = await User.get(ctx, session.userId);
          checkSameOrigin(c);
          c.set("caller", { userId: user.id, name: user.name, email: user.email, via: "session" });
        } else {
          clearSessionCookies(c);
        }
      }
    }
    await next();
  };
}

/**
 * Checks the caller belongs to the workspace in the path (GetItem on the member item). Outsiders
 * get the same 404 as for a workspace that does not exist, so ids cannot be probed.
 */
export const workspaceAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.var.caller;
  if (!caller) throw new GlossError("unauthenticated", "auth.required", "sign in first");
  const workspaceId = c.req.param("ws") ?? "";
  const membership =
    workspaceId.length > 0 && workspaceId.length <= 64
      ? await Workspace.getMembership(c.var.ctx, workspaceId, caller.userId)
      : null;
  if (!membership) throw new GlossError("not_found", "workspace.not_found", "no such workspace");
  c.set("workspace", { id: workspaceId, role: membership.role });
  await next();
};
