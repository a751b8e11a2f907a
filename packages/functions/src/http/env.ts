import type { FetchPolicy } from "@gloss/core/capture";
import type { Context } from "@gloss/core/context";
import type { Role } from "@gloss/core/workspace";
import type { Sessions } from "../auth/sessions.ts";

/** Who is making the request, resolved once per request by the caller middleware. */
export interface Caller {
  userId: string;
  name: string;
  email: string | null;
  /** How the caller proved who they are; CSRF checks apply to browser sessions only. */
  via: "local" | "token" | "session";
}

/**
 * How callers are identified. `local`: everyone is the local owner (npm start without
 * GLOSS_AUTH=on); `required`: a session cookie from the issuer or a personal API token.
 * Personal API tokens work in both modes.
 */
export type AuthConfig =
  | { mode: "local" }
  | {
      mode: "required";
      sessions: Sessions;
      /** Secure cookies (HTTPS); false only on a local http:// origin. */
      secureCookies: boolean;
    };

export interface AppDeps {
  ctx: Context;
  auth?: AuthConfig;
  /** Test-only: the capture fetch policy (a fake resolver, loopback allowed); never set deployed. */
  capture?: Partial<FetchPolicy>;
}

/** Hono environment of the Gloss app: what middleware puts on `c.var`. */
export interface AppEnv {
  Variables: {
    ctx: Context;
    auth: AuthConfig;
    requestId: string;
    caller: Caller;
    /** The id reserved for a create under an Idempotency-Key. */
    resourceId?: string;
    /** Set on `/api/workspaces/:ws/*` once membership is checked. */
    workspace: { id: string; role: Role };
  };
}
