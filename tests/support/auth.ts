import type { Context } from "@gloss/core/context";
import * as Token from "@gloss/core/token";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { createApp } from "@gloss/functions/app";
import { createIssuer } from "@gloss/functions/issuer";
import { createSessions } from "../../packages/functions/src/auth/sessions.ts";
import { tableStorage } from "../../packages/functions/src/auth/storage.ts";
import { makeContext } from "./app.ts";

/** The origin tests pretend to serve Gloss on; app and issuer share it, as when deployed. */
export const ORIGIN = "http://gloss.test";

/**
 * Gloss with sign-in required: the real issuer and the real app in one process, on a fresh table.
 * Sign-in codes are captured instead of printed.
 */
export async function makeAuthApp(options: { now?: () => Date } = {}) {
  const ctx: Context = await makeContext(options);
  const codes = new Map<string, string>();
  const issuer = createIssuer({
    ctx,
    sendCode: async (email, code) => {
      codes.set(email, code);
    },
  });
  const sessions = createSessions({
    issuerUrl: ORIGIN,
    storage: tableStorage(ctx),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
      issuer.request(input instanceof Request ? input.url : String(input), init)) as typeof fetch,
  });
  const app = createApp({ ctx, auth: { mode: "required", sessions, secureCookies: false } });
  /** Routes like the deployed Router: /api to the app, everything else to the issuer. */
  const request = (path: string, init: RequestInit = {}) => {
    const url = path.startsWith("http") ? path : `${ORIGIN}${path}`;
    return new URL(url).pathname.startsWith("/api/")
      ? app.request(url, init)
      : issuer.request(url, init);
  };
  return { ctx, app, issuer, request, codes };
}

/** A user with their own workspace and a personal API token. */
export async function makeUser(ctx: Context, email: string) {
  const user = await User.getOrCreateByEmail(ctx, email);
  const workspaceId = await Workspace.ensureDefault(ctx, {
    id: user.id,
    name: user.name,
    email: user.email,
  });
  const { token } = await Token.create(ctx, user.id, { name: "tests" });
  return { user, workspaceId, token, auth: { authorization: `Bearer ${token}` } };
}

/** A minimal cookie jar for following the sign-in flow by hand. */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0/i.test(header) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

/** What `makeAuthApp` gives. */
export type AuthApp = Awaited<ReturnType<typeof makeAuthApp>>;
/** What `makeUser` gives: a signed-up user with a token. */
export type TestUser = Awaited<ReturnType<typeof makeUser>>;
