import * as Search from "@gloss/core/search";
import * as Storage from "@gloss/core/storage";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectStatus, makeDocument } from "../support/data.ts";

const TEXT = "İstanbul: the brokers confiscated 😀 every passport.\n\nÉmigrés were\nheld.";

describe("the prepared text stored beside the canonical text", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeTestApp();
  });

  it("round-trips a folding through its bytes and refuses a foreign or truncated one", () => {
    const folded = Search.fold(TEXT, { caseSensitive: false });
    const bytes = Search.encodePrepared(folded);
    const back = Search.decodePrepared(bytes, TEXT.length);
    expect(back?.text).toBe(folded.text);
    expect([...(back?.origin ?? [])]).toEqual([...folded.origin]);
    expect(Search.decodePrepared(bytes, TEXT.length + 1)).toBeNull();
    expect(Search.decodePrepared(bytes.subarray(0, bytes.length - 4), TEXT.length)).toBeNull();
    expect(Search.decodePrepared(new TextEncoder().encode("hello"), TEXT.length)).toBeNull();
  });

  it("is written by the first cold search and read by the next cold one", async () => {
    const doc = await makeDocument(t, { title: "Prepared", text: TEXT });
    const search = (q: string) =>
      t.call("GET", `/api/workspaces/${t.workspaceId}/search?q=${encodeURIComponent(q)}`);
    Search.textCache.clear();
    const first = await search("emigres");
    expectStatus(first, 200);
    expect(first.body.items.map((h: { exact: string }) => h.exact)).toEqual(["Émigrés"]);
    await Search.settlePreparedWrites();
    const key = Search.preparedKey(t.workspaceId, doc.id, 1);
    const stored = Search.decodePrepared(await Storage.getBytes(t.ctx, key), TEXT.length);
    expect(stored?.text).toBe(Search.fold(TEXT, { caseSensitive: false }).text);

    // Swap in the folding of another text of the same length: a cold search that finds its
    // words read the stored object rather than folding the canonical text again.
    const other = `${"x".repeat(TEXT.length - 6)}zebras`;
    await Storage.putObject(
      t.ctx,
      key,
      Search.encodePrepared(Search.fold(other, { caseSensitive: false })),
      "application/octet-stream",
    );
    Search.textCache.clear();
    expect((await search("zebras")).body.total).toBe(1);
    expect((await search("emigres")).body.total).toBe(0);
    // A case-sensitive search folds the canonical text itself.
    const cased = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/search?q=${encodeURIComponent("Émigrés")}&case=true`,
    );
    expect(cased.body.total).toBe(1);
    Search.textCache.clear();
  });
});
