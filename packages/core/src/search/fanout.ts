import type { Context } from "../context/index.ts";
import { type ErrorKind, GlossError } from "../error/index.ts";
import { localParts, localShardInvoker, POOL_MIN_UNITS } from "./pool.ts";
import type { ShardRequest, ShardResult } from "./shard.ts";

/**
 * Runs one shard somewhere: in production a search-shard Lambda invocation
 * (lambda-shards.ts), locally `runShard` in this process. Throws when the shard could not be run
 * (transport, a crashed function, a storage failure): the shard is then retried. Its answer is
 * checked against the request (`check`) before it is used, so it may come from anywhere (JSON).
 */
export type ShardInvoker = (request: ShardRequest) => Promise<unknown>;

/** How a context's searches run their shards: where, and how large (tests make them small). */
export interface ShardSetup {
  invoker: ShardInvoker;
  maxUnits?: number;
  maxDocuments?: number;
  concurrency?: number;
  /**
   * Split a search into about this many equal shards, whatever their size (the local pool: one
   * per worker), unless `maxUnits` is given. Absent: shards of `SHARD_UNITS`.
   */
  parts?: number;
}

/**
 * Kept on the context under a symbol: request middleware copies the context with `{...ctx}` (to
 * add the actor), and a spread keeps symbol-keyed properties.
 */
const SHARDS = Symbol("gloss.search.shards");
type WithShards = Context & { [SHARDS]?: ShardSetup };

/**
 * Where the searches made with `ctx` run their shards. The API Lambda's entry sets the
 * search-shard function here; without it (the local runtime, tests) shards run in process.
 */
export function useShardInvoker(ctx: Context, setup: ShardSetup): void {
  // Enumerable, so a spread copy of the context keeps it.
  Object.assign(ctx, { [SHARDS]: setup });
}

const hasShards = (ctx: Context): ctx is WithShards => SHARDS in ctx;

/**
 * The shard setup of `ctx`: the one set by `useShardInvoker`, else the local runner (pool.ts):
 * one shard per core in worker threads, small shards in process.
 */
export function shardSetupOf(ctx: Context): ShardSetup {
  return (
    (hasShards(ctx) && ctx[SHARDS]) || { invoker: localShardInvoker(ctx), parts: localParts() }
  );
}

/**
 * Text per shard. A shard reads its documents' stored preparations (~2.5 bytes per unit) and scans
 * them: 50 M units is ~1 s of reading and scanning cold in a 2 GB Lambda (docs/search.md), the
 * most a shard should take for the first search of a corpus to stay within 2 s.
 */
export const SHARD_UNITS = (Number(process.env.GLOSS_SEARCH_SHARD_MB) || 50) * 1_000_000;
/** Documents per shard: bounds the invocation payload (ids) and a shard's S3 requests. */
export const SHARD_DOCUMENTS = 1_000;
/** Shards in flight at once (Lambda concurrency a search may take). */
export const SHARD_CONCURRENCY = Number(process.env.GLOSS_SEARCH_SHARD_CONCURRENCY) || 16;
/** A shard is tried this many times before the search fails. */
export const SHARD_ATTEMPTS = 2;

/**
 * Splits documents, in id order, into contiguous shards of at most `maxUnits` of text and
 * `maxDocuments` documents (a document larger than `maxUnits` is a shard of its own). Ids are
 * time-sortable, so new documents join the last shard and earlier shards keep their documents.
 * Concatenating the shards' results in shard order gives the documents in id order: the merge is
 * a concatenation.
 */
export function planShards<T extends { textLength: number }>(
  documents: T[],
  maxUnits = SHARD_UNITS,
  maxDocuments = SHARD_DOCUMENTS,
): T[][] {
  const shards: T[][] = [];
  let current: T[] = [];
  let units = 0;
  for (const document of documents) {
    if (
      current.length > 0 &&
      (units + document.textLength > maxUnits || current.length >= maxDocuments)
    ) {
      shards.push(current);
      current = [];
      units = 0;
    }
    current.push(document);
    units += document.textLength;
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

/**
 * The most text a shard of this setup holds: `maxUnits` when set; with `parts`, the corpus split
 * evenly (plus its largest document, so the greedy plan makes `parts` shards, not one more for a
 * remainder), never below what is worth a worker; else `SHARD_UNITS`.
 */
export function shardUnitsOf(setup: ShardSetup, documents: Array<{ textLength: number }>): number {
  if (setup.maxUnits) return setup.maxUnits;
  if (!setup.parts || setup.parts < 2) return SHARD_UNITS;
  let total = 0;
  let largest = 0;
  for (const d of documents) {
    total += d.textLength;
    largest = Math.max(largest, d.textLength);
  }
  return Math.max(POOL_MIN_UNITS, Math.ceil(total / setup.parts) + largest);
}

const KINDS: readonly ErrorKind[] = [
  "malformed",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "unsupported",
  "invalid",
  "rate_limited",
  "unavailable",
];

const isKind = (value: unknown): value is ErrorKind => KINDS.some((kind) => kind === value);
const isNumber = (value: unknown): value is number => typeof value === "number";
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** A result that answers its request: one hit list per document, or an error. */
function check(request: ShardRequest, result: unknown): ShardResult {
  if (isObject(result)) {
    const { error, hits, readMs, scanMs } = result;
    const times = { readMs: isNumber(readMs) ? readMs : 0, scanMs: isNumber(scanMs) ? scanMs : 0 };
    if (isObject(error) && isKind(error.kind) && typeof error.code === "string") {
      return {
        error: { kind: error.kind, code: error.code, message: String(error.message) },
        ...times,
      };
    }
    if (
      Array.isArray(hits) &&
      hits.length === request.documents.length &&
      hits.every((h): h is number[] => Array.isArray(h) && h.length % 2 === 0 && h.every(isNumber))
    ) {
      return { hits, ...times };
    }
  }
  throw new Error("the shard's answer does not match its request");
}

export interface FanOutOptions {
  concurrency?: number;
  attempts?: number;
}

/**
 * Runs every shard, at most `concurrency` at once, and returns their results in request order.
 * A shard that fails is retried (`attempts` in all); one that still fails fails the search with
 * 503 `search.shard_failed` (no partial answer: results are complete or an error), and no further
 * shard is started. A shard's own error (a bad pattern, too many hits) is the search's, at once.
 */
export async function fanOut(
  invoker: ShardInvoker,
  requests: ShardRequest[],
  options: FanOutOptions = {},
): Promise<ShardResult[]> {
  const concurrency = options.concurrency ?? SHARD_CONCURRENCY;
  const attempts = options.attempts ?? SHARD_ATTEMPTS;
  const results = new Array<ShardResult>(requests.length);
  let failure: unknown = null;
  let next = 0;
  const runOne = async (index: number): Promise<ShardResult> => {
    const request = requests[index]!;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let result: ShardResult;
      try {
        result = check(request, await invoker(request));
      } catch (error) {
        last = error;
        if (failure) break;
        continue;
      }
      if (result.error) {
        throw new GlossError(result.error.kind, result.error.code, result.error.message);
      }
      return result;
    }
    const reason = last instanceof Error ? last.message : String(last);
    throw new GlossError(
      "unavailable",
      "search.shard_failed",
      `part ${index + 1} of ${requests.length} of the search (${request.documents.length} documents) failed ${attempts} times, so no result is given rather than an incomplete one; try again (${reason})`,
    );
  };
  const workers = Array.from({ length: Math.min(concurrency, requests.length) }, async () => {
    while (next < requests.length && !failure) {
      const index = next++;
      try {
        results[index] = await runOne(index);
      } catch (error) {
        failure ??= error;
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure;
  return results;
}
