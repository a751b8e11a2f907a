import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listen, serveReader } from "@gloss/local";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { REPORT_TEXT } from "../support/data.ts";

/** One raw HTTP/1.1 exchange: everything the server sends until it closes, and how it closed. */
function rawExchange(port: number, request: string): Promise<{ reply: string; error: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    let error = "";
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on("close", () => resolve({ reply, error }));
    socket.write(request);
  });
}

describe("the local server (npm start) with pooled keep-alive clients", () => {
  let t: TestApp;
  let server: Server;
  let port = 0;
  let base = "";
  let dist = "";
  beforeAll(async () => {
    t = await makeTestApp();
    dist = await mkdtemp(join(tmpdir(), "gloss-dist-"));
    // Composed as main.ts composes it: the API, then the reader for every other path.
    const app = new Hono();
    app.route("/", t.app);
    serveReader(app, dist, { uploadOrigin: "http://127.0.0.1:1" });
    ({ server, port } = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" }));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dist, { recursive: true, force: true });
  });

  it("closes the connection after refusing a 70 KB body, and the next pooled POST works", async () => {
    for (let round = 0; round < 3; round++) {
      // Node's fetch (undici) pools keep-alive connections: the next request reuses this one
      // unless the server says it is closing.
      const big = await fetch(`${base}/api/workspaces/${t.workspaceId}/tags`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: "x", label: "y".repeat(70_000) }),
      });
      expect(big.status).toBe(413);
      expect(big.headers.get("connection")).toBe("close");
      expect((await big.json()).error.code).toBe("request.too_large");
      const small = await fetch(`${base}/api/workspaces/${t.workspaceId}/documents`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: `Report ${round}`, text: REPORT_TEXT }),
      });
      expect(small.status).toBe(201);
    }
  });

  it("answers a refused body in full before closing, never with a reset", async () => {
    const body = `{"label":"${"y".repeat(70_000)}"}`;
    const { reply, error } = await rawExchange(
      port,
      `POST /api/workspaces/${t.workspaceId}/tags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(error).toBe("");
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.toLowerCase()).toContain("connection: close");
    expect(reply).toContain('"request.too_large"');
    // The pipelined request after the refused body is not read as part of it.
    expect(reply.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it("answers undecodable and unknown paths with a JSON 4xx, never a 500", async () => {
    for (const [path, status, code] of [
      ["/%ff", 400, "request.bad_path"],
      ["/d/%ff%fe", 400, "request.bad_path"],
      ["/api/%ff", 404, "route.not_found"],
      ["/api/no-such-route", 404, "route.not_found"],
    ] as const) {
      const reply = await fetch(`${base}${path}`);
      expect({ path, status: reply.status }).toEqual({ path, status });
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
      expect((await reply.json()).error.code).toBe(code);
    }
  });
});
