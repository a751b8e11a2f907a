import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { ShardInvoker } from "./fanout.ts";

export interface LambdaShardOptions {
  /** The search-shard function's name (`Resource.SearchShard.name`), read on first use. */
  functionName: () => string;
  /** A client of one's own (tests point it at a loopback endpoint); else one per invoker. */
  client?: LambdaClient;
}

/**
 * Runs each shard as a synchronous (RequestResponse) invocation of the search-shard function.
 * The endpoint comes from the SDK's own resolution (region, or AWS_ENDPOINT_URL_LAMBDA). A
 * function error (the handler threw: storage down, out of memory, a timeout) is thrown, so the
 * fan-out retries the shard; the SDK itself retries throttling and 5xx.
 */
export function lambdaShardInvoker(options: LambdaShardOptions): ShardInvoker {
  let client = options.client;
  return async (request) => {
    client ??= new LambdaClient({
      maxAttempts: 3,
      // A shard is a few seconds at most; one that hangs is abandoned and retried.
      requestHandler: {
        connectionTimeout: 2_000,
        requestTimeout: 30_000,
        throwOnRequestTimeout: true,
      },
    });
    const reply = await client.send(
      new InvokeCommand({
        FunctionName: options.functionName(),
        InvocationType: "RequestResponse",
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const body = reply.Payload ? new TextDecoder().decode(reply.Payload) : "null";
    if (reply.FunctionError) {
      let message = body;
      try {
        const parsed: unknown = JSON.parse(body);
        if (typeof parsed === "object" && parsed !== null && "errorMessage" in parsed) {
          message = String(parsed.errorMessage);
        }
      } catch {
        // The payload was not JSON: keep it as it is.
      }
      throw new Error(`the search shard failed (${reply.FunctionError}): ${message}`);
    }
    // Checked against the request by the fan-out.
    const parsed: unknown = JSON.parse(body);
    return parsed;
  };
}
