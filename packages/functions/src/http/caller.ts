import type { Context } from "@gloss/core/context";
import { GlossError } from "@gloss/core/error";
import * as Workspace from "@gloss/core/workspace";
import type { MiddlewareHandler } from "hono";
import type { AppEnv, Caller, Identify } from "./env.ts";

/** The built-in caller until accounts exist: the owner of a default workspace. */
export const LOCAL_OWNER: Caller = { userId: "usr_local", name: "Local owner" };

/**
 * Identifies every request as the local owner, creating their default workspace (with the default
 * codebook) on first use. Memoised per process; a failed attempt is retried on the next request.
 */
export function localOwner(ctx: Context): Identify {
  let ready: Promise<string> | null = null;
  return async () => {
    ready ??= Workspace.ensureDefault(ctx, {
      id: LOCAL_OWNER.userId,
      name: LOCAL_OWNER.name,
    }).catch((error: unknown) => {
      ready = null;
      throw error;
    });
    await ready;
    return LOCAL_OWNER;
  };
}

/** Resolves the caller once per request; routes that need one refuse with 401 when absent. */
export function resolveCaller(identify: Identify): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = await identify(c.req.raw);
    if (caller) c.set("caller", caller);
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
