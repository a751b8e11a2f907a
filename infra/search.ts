import { lambdaDefaults } from "./functions";
import { bucket } from "./storage";

/**
 * One shard of a corpus search (packages/core/src/search/fanout.ts): the API invokes it once per
 * shard, in parallel, and merges the hits. It reads only the bucket (the stored preparations and,
 * for regex and case-sensitive searches, the canonical texts). Memory buys CPU on Lambda and
 * holds a warm container's prepared versions (GLOSS_SEARCH_CACHE_MB): a 50 MB shard takes
 * ~150–250 MB prepared. The timeout is the API's: a shard never outlives the request it serves.
 */
export const searchShard = new sst.aws.Function("SearchShard", {
  ...lambdaDefaults,
  handler: "packages/functions/src/search-shard.handler",
  memory: "2048 MB",
  timeout: "30 seconds",
  link: [bucket],
  environment: { GLOSS_SEARCH_CACHE_MB: "1024" },
});
