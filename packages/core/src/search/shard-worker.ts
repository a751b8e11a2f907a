import { parentPort } from "node:worker_threads";
import { type Context, createContext } from "../context/index.ts";
import type { PoolReply, PoolRequest, ShardStorage } from "./pool.ts";
import { runShard } from "./shard.ts";

/**
 * A worker of the local shard pool (pool.ts): runs `runShard`, the very function the search-shard
 * Lambda runs, for the shards the main thread sends it. Its module graph, hence its `shardCache`,
 * is its own: the versions it scanned stay prepared here for the next search.
 */
const contexts = new Map<string, Context>();

function contextOf(storage: ShardStorage): Context {
  const key = JSON.stringify(storage);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = createContext({
      tableName: "",
      bucketName: storage.bucket,
      region: storage.region,
      ...(storage.endpoint ? { s3Endpoint: storage.endpoint } : {}),
      ...(storage.credentials ? { credentials: storage.credentials } : {}),
    });
    contexts.set(key, ctx);
  }
  return ctx;
}

const port = parentPort;
if (port) {
  port.on("message", async ({ id, storage, request }: PoolRequest) => {
    let reply: PoolReply;
    try {
      reply = { id, result: await runShard(contextOf(storage), request) };
    } catch (error) {
      reply = { id, failed: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
}
