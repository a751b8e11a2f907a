import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { CookieJar, makeAuthApp, ORIGIN } from "../support/auth.ts";
import { signIn } from "./flow.ts";

describe("browser sessions", () => {
  it("signs in with an emailed code, keeps the session in HttpOnly cookies, and signs out", async () => {
    const env = await makeAuthApp();
    const jar = await signIn(env, "Researcher@Example.org");
    expect(jar.has("gloss_access") && jar.has("gloss_refresh")).toBe(true);

    const me = await env.request("/api/me", { headers: { cookie: jar.header() } });
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.workspaces).toHaveLength(1);

    const out = await env.request("/api/auth/logout", {
      method: "POST",
      headers: { cookie: jar.header(), origin: ORIGIN },
    });
    expect(out.status).toBe(204);
    const cleared = new CookieJar();
    cleared.store(out);
    expect(out.headers.getSetCookie().join(";")).toMatch(/gloss_access=;/);
    // Even a copy of the old refresh token no longer works once signed out.
    const stale = await env.request("/api/me", {
      headers: { cookie: jar.header().replace(/gloss_access=[^;]+;?\s*/, "") },
    });
    expect(stale.status).toBe(401);
  });

  it("marks session cookies HttpOnly and SameSite", async () => {
    const env = await makeAuthApp();
    const jar = new CookieJar();
    let setCookies: string[] = [];
    const original = jar.store.bind(jar);
    jar.store = (res: Response) => {
      setCookies = setCookies.concat(res.headers.getSetCookie());
      original(res);
    };
    await signIn(env, "a@example.org", jar);
    const session = setCookies.filter(
      (c) => c.startsWith("gloss_access=") || c.startsWith("gloss_refresh="),
    );
    expect(session.length).toBeGreaterThanOrEqual(2);
    for (const cookie of session) {
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    }
  });

  it("refuses a cookie-authenticated write from another site (CSRF)", async () => {
    const env = await makeAuthApp();
    const jar = await signIn(env, "a@example.org");
    const me = await (await env.request("/api/me", { headers: { cookie: jar.header() } })).json();
    const ws = me.workspaces[0].id;
    const write = (headers: Record<string, string>) =>
      env.request(`/api/workspaces/${ws}/documents`, {
        method: "POST",
        headers: { cookie: jar.header(), "content-type": "application/json", ...headers },
        body: JSON.stringify({ title: "t", text: "x" }),
      });
    expect((await write({ origin: "https://evil.example" })).status).toBe(403);
    expect((await write({})).status).toBe(403);
    expect((await write({ origin: ORIGIN })).status).toBe(201);
  });

  it("refreshes an expired access token from the refresh cookie", async () => {
    const env = await makeAuthApp();
    const jar = await signIn(env, "a@example.org");
    // The browser dropped the access cookie (expired); the refresh cookie alone renews it.
    const onlyRefresh = jar.header().replace(/gloss_access=[^;]+;?\s*/, "");
    const res = await env.request("/api/me", { headers: { cookie: onlyRefresh } });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("gloss_access="))).toBe(true);
  });

  it("stores sign-in codes' exchanges and refresh tokens only as hashes", async () => {
    const env = await makeAuthApp();
    const jar = await signIn(env, "a@example.org");
    const refresh = /gloss_refresh=([^;]+)/.exec(jar.header())?.[1] ?? "";
    const secret = decodeURIComponent(refresh).split(":").pop() ?? "";
    expect(secret.length).toBeGreaterThan(20);
    const raw = JSON.stringify(
      (await env.ctx.db.send(new ScanCommand({ TableName: env.ctx.table }))).Items,
    );
    expect(raw).not.toContain(secret);
  });

  it("rate limits code requests per email (429 with Retry-After)", async () => {
    const env = await makeAuthApp();
    let status = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const res = await env.request("/email/authorize", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": `10.0.0.${i}`,
        },
        body: "email=target%40example.org&action=request",
      });
      status = res.status;
      retryAfter = res.headers.get("retry-after");
    }
    expect(status).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it("answers 401 with the error shape when not signed in", async () => {
    const env = await makeAuthApp();
    const res = await env.request("/api/me");
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("auth.required");
    const config = await (await env.request("/api/auth/config")).json();
    expect(config).toEqual({ mode: "required", signedIn: false });
  });
});
