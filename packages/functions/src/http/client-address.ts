import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { VIEWER_ADDRESS_HEADER } from "./edge.ts";

/**
 * The address of whoever is making the request, from a source the client cannot choose; every
 * per-address limit keys on it. X-Forwarded-For is never read: its first entries are whatever the
 * client sent (CloudFront only appends).
 * - Local runtime (@hono/node-server passes the Node request as `env.incoming`): the socket's
 *   remote address.
 * - Deployed (hono/aws-lambda passes the Lambda event as `env.event`): the viewer address the
 *   Router's edge function sets from CloudFront's own view of the connection. `behindEdge`
 *   refuses every request that did not come through the Router, so the header is the edge's.
 * - Anything else (in-process `app.request` in tests): one shared bucket.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: IncomingMessage; event?: unknown } | undefined;
  const socket = env?.incoming?.socket?.remoteAddress;
  if (socket) return socket;
  if (env?.event) return c.req.header(VIEWER_ADDRESS_HEADER) ?? "unknown";
  return "unknown";
}
