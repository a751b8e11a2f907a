import type { Context } from "@gloss/core/context";
import type { Role } from "@gloss/core/workspace";

/** Who is making the request, resolved once per request by the caller middleware. */
export interface Caller {
  userId: string;
  name: string;
}

/** Resolves the caller of a request; until accounts exist, always the local owner. */
export type Identify = (request: Request) => Promise<Caller | null>;

export interface AppDeps {
  ctx: Context;
  identify?: Identify;
}

/** Hono environment of the Gloss app: what middleware puts on `c.var`. */
export interface AppEnv {
  Variables: {
    ctx: Context;
    requestId: string;
    caller: Caller;
    /** Set on `/api/workspaces/:ws/*` once membership is checked. */
    workspace: { id: string; role: Role };
  };
}
