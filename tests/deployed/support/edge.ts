import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Component } from "./infra.ts";

type CfHeaders = Record<string, { value: string }>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

/**
 * The Router as CloudFront runs it, on loopback: the viewer-request code infra/web.ts injects
 * (executed, as the CloudFront Function would), `x-forwarded-host` set from Host as SST's router
 * function does, the route whose path prefix is longest, X-Forwarded-For with the viewer's
 * address appended (CloudFront appends; the client chooses what comes before), and the
 * viewer-response code on the way back. `viewer` stands for the connecting address, since every
 * test client here connects from 127.0.0.1.
 */
export async function startEdge(router: Component, origins: Map<string, string>) {
  const edge = router.args.edge as
    | { viewerRequest?: { injection: string }; viewerResponse?: { injection: string } }
    | undefined;
  const onRequest = edge?.viewerRequest && new AsyncFunction("event", edge.viewerRequest.injection);
  const onResponse =
    edge?.viewerResponse && new AsyncFunction("event", edge.viewerResponse.injection);
  const routes = [...router.routes].sort((a, b) => b.path.length - a.path.length);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://edge");
    const viewer = String(req.headers["x-test-viewer"] ?? req.socket.remoteAddress);
    const headers: CfHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name !== "x-test-viewer" && value !== undefined)
        headers[name] = { value: Array.isArray(value) ? value.join(",") : value };
    }
    const event = {
      version: "1.0",
      viewer: { ip: viewer },
      request: { method: req.method, uri: url.pathname, querystring: {}, headers, cookies: {} },
    };
    const early = (await onRequest?.(event)) as
      | { statusCode: number; headers?: CfHeaders; body?: string }
      | undefined;
    if (early?.statusCode) {
      res.writeHead(early.statusCode, flatten(early.headers ?? {}));
      res.end(early.body ?? "");
      return;
    }
    headers["x-forwarded-host"] = headers.host!;
    const route = routes.find(
      (r) => url.pathname === r.path || url.pathname.startsWith(`${r.path}/`),
    );
    const origin = route && origins.get(route.target);
    if (!origin) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("no route (the static site is not part of the harness)");
      return;
    }
    const forwarded = flatten(headers);
    forwarded["x-forwarded-for"] = [forwarded["x-forwarded-for"], viewer]
      .filter(Boolean)
      .join(", ");
    delete forwarded.host;
    delete forwarded.connection;
    delete forwarded["content-length"];
    const answer = await fetch(`${origin}${url.pathname}${url.search}`, {
      method: req.method ?? "GET",
      headers: forwarded,
      redirect: "manual",
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const response: CfHeaders = {};
    answer.headers.forEach((value, name) => {
      if (name !== "set-cookie") response[name] = { value };
    });
    await onResponse?.({ ...event, response: { statusCode: answer.status, headers: response } });
    const out: Record<string, string | string[]> = flatten(response);
    delete out["content-encoding"];
    delete out["content-length"];
    delete out["transfer-encoding"];
    const cookies = answer.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function flatten(headers: CfHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.value]));
}
