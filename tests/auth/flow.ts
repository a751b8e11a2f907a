import { expect } from "vitest";
import { CookieJar, type makeAuthApp, ORIGIN } from "../support/auth.ts";

export type Env = Awaited<ReturnType<typeof makeAuthApp>>;

/** A urlencoded form POST, as the sign-in page's forms send it. */
export const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(fields).toString(),
});

/** A browser: a cookie jar and requests that send and store its cookies. */
export function browser(env: Env, jar = new CookieJar()) {
  const go = async (path: string, init: RequestInit = {}) => {
    const res = await env.request(path, {
      ...init,
      headers: { ...((init.headers as Record<string, string>) ?? {}), cookie: jar.header() },
    });
    jar.store(res);
    return res;
  };
  return { jar, go };
}

/** Follows login → issuer until the email page; returns the browser on it. */
export async function openSignIn(env: Env, returnTo = "/d/doc_1", jar = new CookieJar()) {
  const b = browser(env, jar);
  const login = await b.go(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(login.status).toBe(302);
  let location = login.headers.get("location") ?? "";
  expect(location.startsWith("/authorize?")).toBe(true);
  // The issuer redirects to its email provider's page.
  while (location && !location.includes("/email/authorize")) {
    const res = await b.go(location);
    location = res.headers.get("location") ?? "";
  }
  const page = await b.go("/email/authorize");
  expect(page.status).toBe(200);
  return b;
}

/** Asks for a code on an open sign-in page and returns the code that was sent. */
export async function requestCode(
  env: Env,
  b: ReturnType<typeof browser>,
  email: string,
  headers: Record<string, string> = {},
) {
  const asked = await b.go("/email/authorize", form({ email, action: "request" }, headers));
  expect(asked.status).toBe(200);
  const code = env.codes.get(email.trim().toLowerCase());
  expect(code).toMatch(/^\d{6}$/);
  return code ?? "";
}

/** Submits a code; returns the response (302 to the callback when it was right). */
export function submitCode(b: ReturnType<typeof browser>, code: string, headers = {}) {
  return b.go("/email/authorize", form({ code, action: "verify" }, headers));
}

/** Finishes a sign-in after a right code: follows the callback, as the browser does. */
export async function finish(b: ReturnType<typeof browser>, verified: Response) {
  expect(verified.status).toBe(302);
  const callback = new URL(verified.headers.get("location") ?? "", ORIGIN);
  expect(callback.pathname).toBe("/api/auth/callback");
  return b.go(`${callback.pathname}${callback.search}`);
}

/** Follows the browser's sign-in: login → issuer page → email → code → callback. */
export async function signIn(env: Env, email: string, jar = new CookieJar()) {
  const b = await openSignIn(env, "/d/doc_1", jar);
  const code = await requestCode(env, b, email);
  const done = await finish(b, await submitCode(b, code));
  expect(done.status).toBe(302);
  expect(done.headers.get("location")).toBe("/d/doc_1");
  return jar;
}
