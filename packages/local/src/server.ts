import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

/** A fetch handler; `env` is what @hono/node-server passes (the Node request, for its socket). */
type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/**
 * Statuses that refuse a request before its body has been read whole (over a size limit, or
 * stopped while streaming in): the rest of the body is still on the connection.
 */
const REFUSED_BODY = new Set([408, 411, 413, 431]);

/**
 * A refusal of a request whose body was not read to its end closes the connection after the
 * response (`Connection: close`), so a pooled client never sends its next request on a socket
 * that still carries the tail of the refused body. The HTTP server keeps reading (and
 * discarding) that tail while the response goes out, so the client gets its 413 instead of a
 * reset mid-request, and the next request opens a fresh connection.
 */
export function closingRefusals(fetch: Fetch): Fetch {
  return async (request, env) => {
    const response = await fetch(request, env);
    if (!REFUSED_BODY.has(response.status) || request.body === null) return response;
    const headers = new Headers(response.headers);
    headers.set("Connection", "close");
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}

/** Serves `fetch` over HTTP/1.1 on `hostname:port` (0: any free port); resolves once bound. */
export async function listen(
  fetch: Fetch,
  options: { port: number; hostname: string },
): Promise<{ server: Server; port: number }> {
  const server = serve({
    fetch: closingRefusals(fetch),
    port: options.port,
    hostname: options.hostname,
  }) as Server;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return { server, port: (server.address() as AddressInfo).port };
}
