import * as Annotation from "@gloss/core/annotation";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { documentPath, makeDocument, readAllPages } from "../support/data.ts";

const WORDS = Array.from({ length: 60 }, (_, i) => `w${String(i).padStart(3, "0")}`);
const TEXT = WORDS.join(" ");
const CODES = ["torture", "corruption", "trafficking"];

/** Items for every word of the text, three codes in turn, ids derived from the word. */
function itemsFor(t: TestApp, docId: string): Annotation.AnnotationItem[] {
  const now = new Date().toISOString();
  return WORDS.map((word, i) => {
    const start = TEXT.indexOf(word);
    return Annotation.annotationItem({
      id: `ann_TEST${String(i).padStart(22, "0")}`,
      workspaceId: t.workspaceId,
      documentId: docId,
      start,
      end: start + word.length,
      exact: word,
      prefix: TEXT.slice(Math.max(0, start - 32), start),
      suffix: TEXT.slice(start + word.length, start + word.length + 32),
      tags: [CODES[i % 3]!],
      note: "",
      status: "anchored",
      textVersion: 1,
      createdBy: "usr_local",
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  });
}

async function passages(t: TestApp) {
  return (await readAllPages(t, `/api/workspaces/${t.workspaceId}/annotations`, 500)).items;
}

async function history(t: TestApp, docId: string) {
  return (
    await readAllPages(t, `/api/workspaces/${t.workspaceId}/history?documentId=${docId}`, 500)
  ).items as Array<{ entityId: string; action: string; status: string; cause: string }>;
}

async function expectOnce(t: TestApp, docId: string) {
  const all = await passages(t);
  expect(all).toHaveLength(WORDS.length);
  expect(new Set(all.map((p: { exact: string }) => p.exact)).size).toBe(WORDS.length);
  const doc = (await t.call("GET", documentPath(t, docId))).body;
  expect(doc.annotationCount).toBe(WORDS.length);
  expect(doc.tagCounts).toEqual({ torture: 20, corruption: 20, trafficking: 20 });
  const creates = (await history(t, docId)).filter((e) => e.action === "create");
  expect(creates).toHaveLength(WORDS.length);
  expect(new Set(creates.map((e) => e.entityId)).size).toBe(WORDS.length);
  expect(creates.every((e) => e.status === "applied")).toBe(true);
}

describe("the bulk annotation write", () => {
  it("creates each passage once with its history entry and counts, and a re-run writes nothing", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT });
    const items = itemsFor(t, doc.id);
    const first = await Annotation.createMany(t.ctx, t.workspaceId, items, { cause: "job:a" });
    expect(first.every((o) => o === "created")).toBe(true);
    await expectOnce(t, doc.id);
    const again = await Annotation.createMany(t.ctx, t.workspaceId, items, { cause: "job:a" });
    expect(again.every((o) => o === "created_before")).toBe(true);
    const other = await Annotation.createMany(t.ctx, t.workspaceId, items, { cause: "job:b" });
    expect(other.every((o) => o === "exists")).toBe(true);
    await expectOnce(t, doc.id);
  });

  it("after a crash between a chunk's entries and its items, the retry completes each once", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT });
    const items = itemsFor(t, doc.id);
    await expect(
      Annotation.createMany(t.ctx, t.workspaceId, items, {
        cause: "job:crash",
        concurrency: 1,
        hooks: {
          afterEntries: (chunk) => {
            if (chunk === 1) throw new Error("crash after the entries of chunk 1");
          },
        },
      }),
    ).rejects.toThrow("crash after the entries");
    // Chunk 0 landed; chunk 1 is recorded only: its entries read pending, never a passage
    // without its entry.
    expect(await passages(t)).toHaveLength(25);
    const half = await history(t, doc.id);
    expect(half).toHaveLength(50);
    expect(half.filter((e) => e.status === "pending")).toHaveLength(25);
    const retry = await Annotation.createMany(t.ctx, t.workspaceId, items, {
      cause: "job:crash",
    });
    expect(retry.filter((o) => o === "created_before")).toHaveLength(50);
    expect(retry.filter((o) => o === "created")).toHaveLength(10);
    await expectOnce(t, doc.id);
  });

  it("after a crash between chunks' items and their counts, the retry leaves the counts exact", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT });
    const items = itemsFor(t, doc.id);
    // The first chunk lands its passages and not its counts, as a SIGKILL just after its write.
    // One chunk at a time, so nothing else is still in flight when the call has failed.
    await expect(
      Annotation.createMany(t.ctx, t.workspaceId, items, {
        cause: "job:uncounted",
        concurrency: 1,
        hooks: {
          afterWrites: () => {
            throw new Error("crash before the counts");
          },
        },
      }),
    ).rejects.toThrow("crash before the counts");
    expect(await passages(t)).toHaveLength(25);
    expect((await t.call("GET", documentPath(t, doc.id))).body.annotationCount).toBe(0);
    const retry = await Annotation.createMany(t.ctx, t.workspaceId, items, {
      cause: "job:uncounted",
    });
    expect(retry.filter((o) => o === "created_before")).toHaveLength(25);
    expect(retry.filter((o) => o === "created")).toHaveLength(35);
    await expectOnce(t, doc.id);
    // A retry after a run that did count changes nothing either.
    await Annotation.createMany(t.ctx, t.workspaceId, items, { cause: "job:uncounted" });
    await expectOnce(t, doc.id);
  });

  it("after a crash between updates and their counts, the retry leaves the tag counts exact", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT });
    const items = itemsFor(t, doc.id);
    await Annotation.createMany(t.ctx, t.workspaceId, items, { cause: "job:v" });
    const changes = items.map((item) => ({ item, set: { tags: ["state-response"] } }));
    await expect(
      Annotation.updateMany(t.ctx, t.workspaceId, changes, {
        cause: "job:v2",
        concurrency: 1,
        hooks: {
          afterWrites: (chunk) => {
            if (chunk === 1) throw new Error("crash before the counts of chunk 1");
          },
        },
      }),
    ).rejects.toThrow("crash before the counts");
    const retry = await Annotation.updateMany(t.ctx, t.workspaceId, changes, { cause: "job:v2" });
    expect(retry.slice(0, 50).every((o) => o === "completed")).toBe(true);
    expect(retry.slice(50).every((o) => o === "updated")).toBe(true);
    const counts = (await t.call("GET", documentPath(t, doc.id))).body;
    expect(counts.annotationCount).toBe(WORDS.length);
    expect(counts.tagCounts).toEqual({ "state-response": 60 });
  });

  it("updates many passages from the versions read, refusing a stale one without writing over it", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT });
    const items = itemsFor(t, doc.id);
    await Annotation.createMany(t.ctx, t.workspaceId, items, { cause: "job:u" });
    // Someone edits passage 0 after it was read.
    const edited = await t.call(
      "PATCH",
      `/api/workspaces/${t.workspaceId}/annotations/${items[0]!.id}`,
      {
        tags: ["corruption"],
        version: 1,
      },
    );
    expect(edited.status).toBe(200);
    const outcomes = await Annotation.updateMany(
      t.ctx,
      t.workspaceId,
      items.map((item) => ({ item, set: { tags: ["state-response"] } })),
      { cause: "job:u2" },
    );
    expect(outcomes[0]).toBe("stale");
    expect(outcomes.slice(1).every((o) => o === "updated")).toBe(true);
    const all = await passages(t);
    const byId = new Map(all.map((p: { id: string; tags: string[] }) => [p.id, p.tags]));
    expect(byId.get(items[0]!.id)).toEqual(["corruption"]);
    expect(byId.get(items[1]!.id)).toEqual(["state-response"]);
    const counts = (await t.call("GET", documentPath(t, doc.id))).body.tagCounts;
    expect(counts).toEqual({ corruption: 1, "state-response": 59 });
    // Its version 2 is the edit's entry: the bulk change recorded nothing over it.
    const stale = (await history(t, doc.id)).filter((e) => e.entityId === items[0]!.id);
    expect(stale.map((e) => [e.action, e.cause])).toEqual([
      ["update", null],
      ["create", "job:u"],
    ]);
  });
});
