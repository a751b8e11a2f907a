import { createContext } from "@gloss/core/context";
import * as Search from "@gloss/core/search";
import { handle, streamHandle } from "hono/aws-lambda";
import { Resource } from "sst";
import { createApp } from "./app.ts";
import { createSessions } from "./auth/sessions.ts";
import { tableStorage } from "./auth/storage.ts";
import { behindEdge, edgeFetch } from "./http/edge.ts";
import type { AuthConfig } from "./http/env.ts";

/** The API Lambda: the only file that reads linked resources; everything below gets plain values. */
const ctx = createContext({ tableName: Resource.Table.name, bucketName: Resource.Documents.name });

const local = process.env.GLOSS_LOCAL_RUNTIME === "1";
/**
 * Deployed, a search runs its shards as invocations of the search-shard function
 * (infra/search.ts); the local runtime runs the same shards in process. The link is read on the
 * first search, so a missing one fails that search with SST's "not linked" message.
 */
if (!local) {
  Search.useShardInvoker(ctx, {
    invoker: Search.lambdaShardInvoker({ functionName: () => Resource.SearchShard.name }),
  });
}
/** Deployed, requests come only through the Router, which adds this secret (infra/edge.ts). */
const edgeSecret = local ? undefined : Resource.EdgeSecret.value;

/**
 * Deployed, sign-in is always required. Only the local runtime (which sets GLOSS_LOCAL_RUNTIME)
 * may run without it, and then only unless GLOSS_AUTH=on.
 */
function authConfig(): AuthConfig {
  if (local && process.env.GLOSS_AUTH !== "on") return { mode: "local" };
  const issuerUrl = local ? process.env.GLOSS_ISSUER_URL : Resource.Auth.url;
  if (!issuerUrl) throw new Error("GLOSS_ISSUER_URL must be set when GLOSS_AUTH=on");
  return {
    mode: "required",
    sessions: createSessions({
      issuerUrl: issuerUrl.replace(/\/$/, ""),
      storage: tableStorage(ctx),
      // The API calls the issuer at its Function URL, which also wants the edge secret.
      ...(edgeSecret ? { fetch: edgeFetch(edgeSecret) } : {}),
    }),
    secureCookies: !local,
  };
}

export const app = createApp({ ctx, auth: authConfig() });

/**
 * Lambda's Node.js runtime provides the `awslambda` global for response streaming (Function URL
 * with `streaming: true`). The local runtime imports `app` from here without it, so the buffered
 * adapter stands in there; it is never the one deployed. (The AWS SDK itself creates an empty
 * `awslambda` object, so test for the function, not the global.)
 */
const lambdaRuntime = (globalThis as { awslambda?: { streamifyResponse?: unknown } }).awslambda;
const deployed = behindEdge(app, edgeSecret);
export const handler =
  typeof lambdaRuntime?.streamifyResponse === "function"
    ? streamHandle(deployed)
    : handle(deployed);
