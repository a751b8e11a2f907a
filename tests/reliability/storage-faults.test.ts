import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { createContext } from "@gloss/core/context";
import { createApp } from "@gloss/functions/app";
import { EMBEDDED_CREDENTIALS } from "@gloss/local";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";

/** A port that accepts connections and never answers: a storage service that hangs. */
async function blackHole(): Promise<{ server: Server; url: string }> {
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // close() waits for open connections, and a black hole never ends its own.
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  }) as typeof server.close;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A port nothing listens on: a storage service that is down. */
async function closedPort(): Promise<string> {
  const { server, url } = await blackHole();
  await new Promise((resolve) => server.close(resolve));
  return url;
}

const FAST = { connectMs: 200, requestMs: 300, maxAttempts: 2 };

describe("storage faults", () => {
  let healthy: TestApp;
  let hole: { server: Server; url: string };
  let documentId: string;

  beforeAll(async () => {
    healthy = await makeTestApp();
    hole = await blackHole();
    const doc = await healthy.call("POST", `/api/workspaces/${healthy.workspaceId}/documents`, {
      title: "Kept",
      text: "Still here.",
    });
    documentId = doc.body.id;
  });
  afterAll(() => new Promise((resolve) => hole.server.close(resolve)));

  /** The same table and bucket, reached through a broken DynamoDB and/or S3. */
  const appWith = (endpoints: { dynamo?: string; s3?: string }) =>
    createApp({
      ctx: createContext({
        tableName: healthy.ctx.table,
        bucketName: healthy.ctx.bucket,
        dynamoEndpoint: endpoints.dynamo ?? inject("dynamoEndpoint"),
        s3Endpoint: endpoints.s3 ?? inject("s3Endpoint"),
        credentials: EMBEDDED_CREDENTIALS,
        timeouts: FAST,
      }),
    });

  async function expect503(res: Response) {
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const body = await res.json();
    expect(body.error.code).toBe("storage.unavailable");
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
  }

  it("answers 503 with Retry-After when DynamoDB is down", async () => {
    const app = appWith({ dynamo: await closedPort() });
    await expect503(await app.request(`/api/workspaces/${healthy.workspaceId}/documents`));
  });

  it("answers 503 when DynamoDB hangs, within the SDK timeouts", async () => {
    const app = appWith({ dynamo: hole.url });
    const started = Date.now();
    await expect503(await app.request(`/api/workspaces/${healthy.workspaceId}/documents`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("answers 503 when S3 is down, and a failed create leaves no document behind", async () => {
    const app = appWith({ s3: await closedPort() });
    const ws = healthy.workspaceId;
    await expect503(await app.request(`/api/workspaces/${ws}/documents/${documentId}/text`));
    const before = (await healthy.call("GET", `/api/workspaces/${ws}/documents`)).body.items.length;
    const created = await app.request(`/api/workspaces/${ws}/documents`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Lost?", text: "Nothing half-written." }),
    });
    await expect503(created);
    const after = (await healthy.call("GET", `/api/workspaces/${ws}/documents`)).body.items;
    expect(after.length).toBe(before);
    expect(after.map((d: { title: string }) => d.title)).not.toContain("Lost?");
  });

  it("reports storage health honestly", async () => {
    expect((await healthy.call("GET", "/api/health")).status).toBe(200);
    await expect503(await appWith({ s3: await closedPort() }).request("/api/health"));
  });
});

describe("edges", () => {
  it("sends security headers on every response, errors included", async () => {
    const t = await makeTestApp();
    for (const path of ["/api/health", "/api/nope", `/api/workspaces/${t.workspaceId}/documents`]) {
      const res = await t.app.request(path);
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
    const docs = await t.app.request("/api/docs");
    expect(docs.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("allows no other origin: a cross-origin preflight is refused", async () => {
    const t = await makeTestApp();
    const evil = await t.app.request("http://gloss.test/api/me", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const own = await t.app.request("http://gloss.test/api/me", {
      method: "OPTIONS",
      headers: { origin: "http://gloss.test", "access-control-request-method": "POST" },
    });
    expect(own.headers.get("access-control-allow-origin")).toBe("http://gloss.test");
  });
});
