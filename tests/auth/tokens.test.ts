import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { makeAuthApp, makeUser } from "../support/auth.ts";

const json = (headers: Record<string, string>, body: unknown) => ({
  method: "POST",
  headers: { ...headers, "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("personal API tokens", () => {
  it("shows a new token once, lists it without its secret, and authenticates with it", async () => {
    const env = await makeAuthApp();
    const alice = await makeUser(env.ctx, "alice@example.org");
    const created = await env.request(
      "/api/tokens",
      json(alice.auth, { name: "R scripts", expiresInDays: 30 }),
    );
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.token).toMatch(/^gls_[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(body.expiresAt).toEqual(expect.any(String));

    const list = await (await env.request("/api/tokens", { headers: alice.auth })).json();
    expect(list.items.map((t: { name: string }) => t.name)).toEqual(["tests", "R scripts"]);
    expect(JSON.stringify(list)).not.toContain(body.token);

    const me = await env.request("/api/me", { headers: { authorization: `Bearer ${body.token}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.id).toBe(alice.user.id);
    const used = await (await env.request("/api/tokens", { headers: alice.auth })).json();
    expect(used.items.find((t: { id: string }) => t.id === body.id).lastUsedAt).toEqual(
      expect.any(String),
    );
  });

  it("never stores a token in clear: the raw table holds only its SHA-256", async () => {
    const env = await makeAuthApp();
    const alice = await makeUser(env.ctx, "alice@example.org");
    const { token } = await (
      await env.request("/api/tokens", json(alice.auth, { name: "python" }))
    ).json();
    const raw = await env.ctx.db.send(new ScanCommand({ TableName: env.ctx.table }));
    const dump = JSON.stringify(raw.Items);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(alice.token);
    expect(dump).not.toContain(token.slice(4));
    const { createHash } = await import("node:crypto");
    expect(dump).toContain(createHash("sha256").update(token).digest("hex"));
  });

  it("refuses a revoked token on the next request (401)", async () => {
    const env = await makeAuthApp();
    const alice = await makeUser(env.ctx, "alice@example.org");
    const created = await (
      await env.request("/api/tokens", json(alice.auth, { name: "curl" }))
    ).json();
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await env.request("/api/me", { headers: bearer })).status).toBe(200);
    const revoked = await env.request(`/api/tokens/${created.id}`, {
      method: "DELETE",
      headers: alice.auth,
    });
    expect(revoked.status).toBe(204);
    const after = await env.request("/api/me", { headers: bearer });
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe("auth.invalid_token");
  });

  it("refuses an expired token (401), by the clock the server runs on", async () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const env = await makeAuthApp({ now: () => now });
    const alice = await makeUser(env.ctx, "alice@example.org");
    const created = await (
      await env.request("/api/tokens", json(alice.auth, { name: "short", expiresInDays: 1 }))
    ).json();
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await env.request("/api/me", { headers: bearer })).status).toBe(200);
    now = new Date("2026-01-02T00:00:01Z");
    expect((await env.request("/api/me", { headers: bearer })).status).toBe(401);
  });

  it("refuses malformed and unknown bearer tokens alike (401), never as anonymous", async () => {
    const env = await makeAuthApp();
    for (const authorization of [
      "Bearer",
      "Bearer gls_nope",
      "Basic abc",
      `Bearer gls_${"A".repeat(43)}`,
    ]) {
      const res = await env.request("/api/health", { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
  });

  it("rate limits token creation (429 with Retry-After)", async () => {
    const env = await makeAuthApp();
    const alice = await makeUser(env.ctx, "alice@example.org");
    const statuses: number[] = [];
    let last = new Response();
    for (let i = 0; i < 21; i++) {
      last = await env.request("/api/tokens", json(alice.auth, { name: `t${i}` }));
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await last.json()).error.code).toBe("request.rate_limited");
  });
});
