import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";

/**
 * The Router's viewer-request function (infra/edge.ts) adds both headers to every request it
 * forwards, replacing whatever the client sent: the stage's edge secret, and the viewer's address
 * as CloudFront saw the connection.
 */
export const EDGE_SECRET_HEADER = "x-gloss-edge";
export const VIEWER_ADDRESS_HEADER = "x-gloss-viewer-address";

function matches(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `app` as a deployed function serves it: only requests that came through the Router (they carry
 * the edge secret) reach it; a call straight to the Function URL gets 403, so the edge's headers,
 * CSP and the viewer address the limits trust cannot be bypassed. Without a secret nothing is
 * served (fail closed).
 */
export function behindEdge(
  app: { fetch: (request: Request, env?: unknown) => Response | Promise<Response> },
  secret: string | undefined,
): Hono {
  return new Hono().all("*", (c) => {
    if (!secret || !matches(c.req.header(EDGE_SECRET_HEADER), secret)) {
      return c.json(
        {
          error: {
            code: "request.not_through_edge",
            message: "requests reach Gloss only through its own origin",
          },
        },
        403,
      );
    }
    return app.fetch(withLambdaRequestId(c.req.raw, c.env), c.env);
  });
}

/**
 * The request with Lambda's `awsRequestId` as its X-Request-Id, replacing any the client sent:
 * the app's request id (its logs, error messages and X-Request-Id response header) is then the
 * id CloudWatch and Lambda's own records use for the same invocation.
 */
function withLambdaRequestId(request: Request, env: unknown): Request {
  // hono/aws-lambda names Lambda's context `lambdaContext` when buffered, `context` when streaming.
  type LambdaEnv = {
    lambdaContext?: { awsRequestId?: string };
    context?: { awsRequestId?: string };
  };
  const lambda = env as LambdaEnv | undefined;
  const id = lambda?.lambdaContext?.awsRequestId ?? lambda?.context?.awsRequestId;
  if (!id) return request;
  const headers = new Headers(request.headers);
  headers.set("x-request-id", id);
  return new Request(request, { headers });
}

/** `fetch` for one deployed function calling another at its Function URL (the API → issuer). */
export function edgeFetch(secret: string): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    headers.set(EDGE_SECRET_HEADER, secret);
    return fetch(input, { ...init, headers });
  }) as typeof fetch;
}
