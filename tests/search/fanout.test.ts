import * as Search from "@gloss/core/search";
import { describe, expect, it } from "vitest";

const request = (ids: string[]): Search.ShardRequest => ({
  workspaceId: "ws_x",
  q: "x",
  options: { caseSensitive: false, wholeWord: false, regex: false },
  documents: ids.map((id) => ({ id, version: 1, length: 10 })),
  maxHits: 100,
  regexLimitMs: 1000,
});

const answer = (r: Search.ShardRequest): Search.ShardResult => ({
  hits: r.documents.map((_d, i) => [i, i + 1]),
  readMs: 0,
  scanMs: 0,
});

describe("the search fan-out", () => {
  it("splits id-ordered documents into contiguous shards within their size", () => {
    const docs = [5, 5, 5, 20, 1, 1].map((textLength, i) => ({ id: `d${i}`, textLength }));
    const shards = Search.planShards(docs, 10, 2);
    expect(shards.map((s) => s.map((d) => d.id))).toEqual([
      ["d0", "d1"],
      ["d2"],
      ["d3"],
      ["d4", "d5"],
    ]);
  });

  it("returns results in shard order whatever order they finish in, at most N at once", async () => {
    const requests = [["a"], ["b", "c"], ["d"], ["e"]].map(request);
    let running = 0;
    let peak = 0;
    const invoker: Search.ShardInvoker = async (r) => {
      running++;
      peak = Math.max(peak, running);
      // Earlier shards finish later.
      await new Promise((resolve) => setTimeout(resolve, 40 - requests.indexOf(r) * 10));
      running--;
      return answer(r);
    };
    const results = await Search.fanOut(invoker, requests, { concurrency: 2 });
    expect(results.map((r) => r.hits!.length)).toEqual([1, 2, 1, 1]);
    expect(peak).toBe(2);
  });

  it("retries a failed shard once, then fails the whole search with search.shard_failed", async () => {
    const requests = [["a"], ["b"], ["c"]].map(request);
    const attempts = new Map<string, number>();
    const flaky: Search.ShardInvoker = async (r) => {
      const id = r.documents[0]!.id;
      attempts.set(id, (attempts.get(id) ?? 0) + 1);
      if (id === "b" && attempts.get(id) === 1) throw new Error("socket hang up");
      return answer(r);
    };
    expect(await Search.fanOut(flaky, requests)).toHaveLength(3);
    expect(attempts.get("b")).toBe(2);

    const broken: Search.ShardInvoker = async (r) => {
      if (r.documents[0]!.id === "c") throw new Error("Task timed out");
      return answer(r);
    };
    await expect(Search.fanOut(broken, requests)).rejects.toMatchObject({
      kind: "unavailable",
      code: "search.shard_failed",
    });
  });

  it("does not retry a shard's own refusal, and refuses an answer that does not fit", async () => {
    let calls = 0;
    const refusing: Search.ShardInvoker = async () => {
      calls++;
      return {
        error: { kind: "invalid", code: "search.too_many_hits", message: "too many" },
        readMs: 0,
        scanMs: 0,
      };
    };
    await expect(Search.fanOut(refusing, [request(["a"])])).rejects.toMatchObject({
      code: "search.too_many_hits",
    });
    expect(calls).toBe(1);
    const short: Search.ShardInvoker = async () => ({ hits: [], readMs: 0, scanMs: 0 });
    await expect(Search.fanOut(short, [request(["a"])])).rejects.toMatchObject({
      code: "search.shard_failed",
    });
  });
});
