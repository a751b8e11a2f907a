import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { type AppDeps, createApp } from "@gloss/functions/app";
import { listen, serveReader } from "@gloss/local";
import { Hono } from "hono";
import { inject } from "vitest";
import { root } from "./runtime.ts";

/** A server of this process on 127.0.0.1, on a free port. */
export interface LoopbackServer {
  port: number;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Drops its open connections (keep-alive ones of the browser too) and closes it. */
  close(): Promise<void>;
}

function loopback(server: Server, port: number): LoopbackServer {
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * A site other than Gloss: answers every request with `html` (and `headers`), standing in for a
 * news page or a page behind a login.
 */
export async function servePage(
  html: string,
  headers: Record<string, string> = {},
): Promise<LoopbackServer> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", ...headers });
    response.end(html);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return loopback(server, (server.address() as AddressInfo).port);
}

/**
 * Gloss in this process, as the local runtime serves it (the API and the built reader, uploads
 * to the run's embedded S3), with `deps` of the test's own: for what the runtime never sets,
 * such as a fake resolver or the capture's loopback switch. Build the reader first (`buildWeb`).
 */
export async function serveGloss(deps: AppDeps): Promise<LoopbackServer> {
  const app = new Hono();
  app.route("/", createApp(deps));
  serveReader(app, resolve(root, "packages/web/dist"), {
    uploadOrigin: new URL(inject("s3Endpoint")).origin,
  });
  const { server, port } = await listen((request, env) => app.fetch(request, env), {
    port: 0,
    hostname: "127.0.0.1",
  });
  return loopback(server, port);
}
