import { availableParallelism } from "node:os";
import * as Search from "@gloss/core/search";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { makeDocument } from "../support/data.ts";

const TEXTS = [
  "Émigrés À Paris: l'Armée a Confisqué les Passeports.\n\nÉCOLE, école, E\u0301cole. The Broker's passport was\nconfiscated.",
  "وَالجَيْشُ صادر جوازات السفر. الجيش والجيش\n\nPassport was confiscated, passport returned.",
  "မြဝတီ နယ်စပ်တွင် Passport များကို သိမ်းဆည်းခဲ့သည်။\n\nİstanbul, MYAWADDY, Myawaddy's passport.",
  "Traffickers trafficked the crew; the passport was confiscated at the border.",
];

describe("the local shard pool (worker threads running runShard)", () => {
  let t: TestApp;
  /** The same workspace, its shards run in the pool: tiny shards, so a search has several. */
  let pooled: TestApp["ctx"];
  /** Texts on which `^(a+)+$` backtracks until its limit: shards that stay busy. */
  const slow: Search.ShardDocument[] = [];

  beforeAll(async () => {
    t = await makeTestApp();
    for (let copy = 0; copy < 3; copy++) {
      for (const text of TEXTS) await makeDocument(t, { title: `doc ${copy}`, text });
    }
    for (const title of ["a run", "another run"]) {
      const hostile = await makeDocument(t, { title, text: `${"a".repeat(40)}!` });
      slow.push({ id: hostile.id, version: 1, length: 41 });
    }
    pooled = { ...t.ctx };
    Search.useShardInvoker(pooled, { invoker: Search.localShardInvoker(pooled, 0), maxUnits: 300 });
    await Search.startShardPool();
  }, 180_000);

  afterAll(async () => {
    await Search.closeShardPool();
  });

  const hits = async (ctx: TestApp["ctx"], q: string, options: Search.SearchOptions) =>
    (await Search.runSearch(ctx, t.workspaceId, q, options)).documents.map((d) => [
      d.document.id,
      d.hits,
    ]);

  it("splits a search into shards and answers exactly as in process", async () => {
    const documents = (await Search.runSearch(t.ctx, t.workspaceId, "the", NONE)).documents;
    expect(documents.length).toBeGreaterThan(4);
    for (const [q, options] of [
      ["passport", NONE],
      ['"passport was confiscated"', NONE],
      ["Passport", { ...NONE, caseSensitive: true }],
      ["traffick*", { ...NONE, wholeWord: true }],
      ["جيش", { ...NONE, wholeWord: true }],
      ["passport NEAR/3 confiscat*", NONE],
      ["İstanbul OR myawaddy", NONE],
      ["[ÉE]\u0301?cole", { ...NONE, regex: true, caseSensitive: true }],
    ] as const) {
      const expected = await hits(t.ctx, q, options);
      expect(expected.length, q).toBeGreaterThan(0);
      // Cold in the workers, then warm from their caches.
      expect(await hits(pooled, q, options), q).toEqual(expected);
      expect(await hits(pooled, q, options), q).toEqual(expected);
    }
  }, 120_000);

  it("runs in worker threads, and a shard's own refusal comes back as the search's answer", async () => {
    expect(Search.shardPoolSize()).toBe(availableParallelism() > 1 ? Search.POOL_SIZE : 0);
    const request: Search.ShardRequest = {
      workspaceId: t.workspaceId,
      q: "passport",
      options: NONE,
      documents: [{ id: "doc_gone", version: 1, length: 10 }],
      maxHits: 100,
      regexLimitMs: 1_000,
    };
    await expect(
      Search.fanOut(Search.localShardInvoker(t.ctx, 0), [request]),
    ).rejects.toMatchObject({ code: "document.text_missing" });
    if (Search.shardPoolSize() > 1) {
      // The shards of one search go to different workers, even before either has answered.
      // Fresh workers: no shard has been sent anywhere yet.
      await Search.closeShardPool();
      await Search.startShardPool();
      const busy = { ...request, q: "^(a+)+$", options: { ...NONE, regex: true } };
      const both = Search.fanOut(Search.localShardInvoker(t.ctx, 0), [
        { ...busy, documents: [slow[0]!] },
        { ...busy, documents: [slow[1]!] },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(Search.shardPoolLoad().slice(0, 2)).toEqual([1, 1]);
      await expect(both).rejects.toMatchObject({ code: "search.regex_timeout" });
    }
  });

  it("splits a large corpus into one shard per worker, a small one not at all", () => {
    const setup = { invoker: Search.localShardInvoker(t.ctx), parts: 2 };
    const docs = (n: number, size: number) =>
      Array.from({ length: n }, (_v, i) => ({ id: `d${i}`, textLength: size }));
    const large = docs(1_000, 100_000);
    expect(Search.planShards(large, Search.shardUnitsOf(setup, large)).length).toBe(2);
    const uneven = [...docs(999, 100_000), { id: "z", textLength: 3_000_000 }];
    expect(Search.planShards(uneven, Search.shardUnitsOf(setup, uneven)).length).toBe(2);
    const small = docs(10, 50_000);
    expect(Search.planShards(small, Search.shardUnitsOf(setup, small)).length).toBe(1);
    expect(Search.shardUnitsOf({ ...setup, maxUnits: 10 }, large)).toBe(10);
  });
});

const NONE: Search.SearchOptions = { caseSensitive: false, wholeWord: false, regex: false };
