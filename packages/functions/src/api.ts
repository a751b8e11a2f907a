import { createContext } from "@gloss/core/context";
import { handle, streamHandle } from "hono/aws-lambda";
import { Resource } from "sst";
import { createApp } from "./app.ts";

/** The API Lambda: the only file that reads linked resources; everything below gets plain values. */
export const app = createApp({
  ctx: createContext({ tableName: Resource.Table.name, bucketName: Resource.Documents.name }),
});

/**
 * Lambda's Node.js runtime provides the `awslambda` global for response streaming (Function URL
 * with `streaming: true`). The local runtime imports `app` from here without it, so the buffered
 * adapter stands in there; it is never the one deployed. (The AWS SDK itself creates an empty
 * `awslambda` object, so test for the function, not the global.)
 */
const lambdaRuntime = (globalThis as { awslambda?: { streamifyResponse?: unknown } }).awslambda;
export const handler =
  typeof lambdaRuntime?.streamifyResponse === "function" ? streamHandle(app) : handle(app);
