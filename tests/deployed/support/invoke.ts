import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Deployed } from "./lambda.ts";

export interface InvokeEndpoint {
  url: string;
  /** Every invocation received: the function name and the event. */
  calls: Array<{ functionName: string; event: unknown }>;
  stop(): Promise<void>;
}

export interface InvokeOptions {
  /**
   * Called before each invocation is delivered; returning a message answers it as a function
   * whose handler threw (as a crashed or timed-out container does) instead of delivering it.
   */
  fault?: (functionName: string, event: unknown, call: number) => string | undefined;
}

/**
 * The Lambda Invoke API on loopback (`POST /2015-03-31/functions/{name}/invocations`), the
 * target the AWS SDK's Lambda client reaches through AWS_ENDPOINT_URL_LAMBDA: each call is
 * delivered to the named function's Lambda-shaped process, and its answer returned as Lambda
 * returns it: 200 with the payload, and `X-Amz-Function-Error: Unhandled` with
 * `{errorMessage, errorType}` when the handler threw; an unknown name is a 404
 * ResourceNotFoundException.
 */
export async function startInvokeEndpoint(
  functions: Record<string, Deployed>,
  options: InvokeOptions = {},
): Promise<InvokeEndpoint> {
  const calls: InvokeEndpoint["calls"] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? "");
    const functionName = match ? decodeURIComponent(match[1]!) : "";
    const target = functions[functionName];
    if (req.method !== "POST" || !target) {
      res.writeHead(404, {
        "content-type": "application/json",
        "x-amzn-errortype": "ResourceNotFoundException",
      });
      res.end(JSON.stringify({ Type: "User", Message: `Function not found: ${functionName}` }));
      return;
    }
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
    calls.push({ functionName, event });
    const unhandled = (message: string) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "x-amz-function-error": "Unhandled",
        "x-amz-executed-version": "$LATEST",
      });
      res.end(JSON.stringify({ errorType: "Error", errorMessage: message }));
    };
    const fault = options.fault?.(functionName, event, calls.length);
    if (fault) return unhandled(fault);
    const reply = await fetch(`${target.url}/2015-03-31/functions/function/invocations`, {
      method: "POST",
      body: JSON.stringify(event),
    });
    const body = await reply.text();
    if (reply.status !== 200) {
      return unhandled(
        (JSON.parse(body) as { errorMessage?: string }).errorMessage ?? "the handler failed",
      );
    }
    res.writeHead(200, { "content-type": "application/json", "x-amz-executed-version": "$LATEST" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
