import type { Context as HonoContext } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { SessionTokens } from "../auth/sessions.ts";
import type { AppEnv } from "./env.ts";

export const ACCESS_COOKIE = "gloss_access";
export const REFRESH_COOKIE = "gloss_refresh";
export const STATE_COOKIE = "gloss_oauth_state";

/** A session lasts as long as its refresh token: 30 days, renewed on use. */
export const SESSION_SECONDS = 30 * 86_400;

function secure(c: HonoContext<AppEnv>): boolean {
  const auth = c.var.auth;
  return auth.mode === "required" && auth.secureCookies;
}

/** HttpOnly so scripts cannot read them; SameSite=Lax so other sites cannot send them on POSTs. */
export function setSessionCookies(c: HonoContext<AppEnv>, tokens: SessionTokens): void {
  const options = {
    httpOnly: true,
    sameSite: "Lax" as const,
    path: "/",
    secure: secure(c),
    maxAge: SESSION_SECONDS,
  };
  setCookie(c, ACCESS_COOKIE, tokens.access, options);
  setCookie(c, REFRESH_COOKIE, tokens.refresh, options);
}

export function clearSessionCookies(c: HonoContext<AppEnv>): void {
  deleteCookie(c, ACCESS_COOKIE, { path: "/", secure: secure(c) });
  deleteCookie(c, REFRESH_COOKIE, { path: "/", secure: secure(c) });
}

export function sessionCookies(c: HonoContext<AppEnv>): { access?: string; refresh?: string } {
  const access = getCookie(c, ACCESS_COOKIE);
  const refresh = getCookie(c, REFRESH_COOKIE);
  return { ...(access ? { access } : {}), ...(refresh ? { refresh } : {}) };
}

export function setStateCookie(c: HonoContext<AppEnv>, value: string): void {
  setCookie(c, STATE_COOKIE, value, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/api/auth",
    secure: secure(c),
    maxAge: 600,
  });
}

export function takeStateCookie(c: HonoContext<AppEnv>): string | undefined {
  const value = getCookie(c, STATE_COOKIE);
  deleteCookie(c, STATE_COOKIE, { path: "/api/auth", secure: secure(c) });
  return value;
}
