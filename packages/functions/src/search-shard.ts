import { createContext } from "@gloss/core/context";
import { runShard, type ShardRequest } from "@gloss/core/search";
import { Resource } from "sst";
import { log } from "./http/log.ts";

/** Shards read only the bucket: the API listed and filtered the documents (infra/search.ts). */
let ctx: ReturnType<typeof createContext> | undefined;
const context = () =>
  (ctx ??= createContext({ tableName: "", bucketName: Resource.Documents.name }));

/**
 * The search-shard Lambda, invoked by the API once per shard of a search (core/search/fanout.ts):
 * the same `runShard` the local runtime runs in process. Its warm container keeps the versions it
 * read prepared in memory. The only file of this function that reads linked resources.
 */
export async function handler(request: ShardRequest, lambda?: { awsRequestId?: string }) {
  const result = await runShard(context(), request);
  log("info", "search shard", {
    requestId: lambda?.awsRequestId,
    documents: request.documents.length,
    readMs: Math.round(result.readMs),
    scanMs: Math.round(result.scanMs),
    ...(result.error ? { error: result.error.code } : {}),
  });
  return result;
}
