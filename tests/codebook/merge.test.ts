import * as Annotation from "@gloss/core/annotation";
import * as Codebook from "@gloss/core/codebook";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  documentPath,
  expectError,
  expectStatus,
  makeDocument,
  readAllPages,
  tagsPath,
  workspaceAnnotationsPath,
} from "../support/data.ts";

const WORDS = Array.from({ length: 14 }, (_, i) => `word${String(i).padStart(2, "0")}`);
const TEXT = WORDS.join(" ");

/** Codes passage i: A alone, B alone, both, or neither (another code), in turn. */
function codesFor(i: number): string[] {
  return [["torture"], ["sexual-violence"], ["torture", "sexual-violence"], ["corruption"]][i % 4]!;
}

async function seed(t: TestApp) {
  const doc = await makeDocument(t, { text: TEXT });
  const ids: string[] = [];
  for (const [i, word] of WORDS.entries()) {
    const start = TEXT.indexOf(word);
    const reply = await t.call("POST", `${documentPath(t, doc.id)}/annotations`, {
      start,
      end: start + word.length,
      exact: word,
      tags: codesFor(i),
    });
    expectStatus(reply, 201);
    ids.push(reply.body.id);
  }
  const link = await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
    fromId: ids[0],
    toId: ids[1],
    relation: "corroborates",
  });
  expectStatus(link, 201);
  await t.call("POST", tagsPath(t), { label: "Beating", parentId: "torture" });
  return { doc, ids };
}

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
async function all(t: TestApp): Promise<any[]> {
  return (await readAllPages(t, workspaceAnnotationsPath(t), 100)).items;
}

async function expectMerged(t: TestApp, docId: string) {
  const passages = await all(t);
  expect(passages).toHaveLength(WORDS.length);
  for (const p of passages) {
    const i = WORDS.indexOf(p.exact);
    const want = [...new Set(codesFor(i).map((c) => (c === "torture" ? "sexual-violence" : c)))];
    // Every passage coded exactly once with the target, none with the merged code.
    expect(p.tags.toSorted()).toEqual(want.toSorted());
  }
  const tags = (await t.call("GET", tagsPath(t))).body.items;
  expect(tags.find((c: { id: string }) => c.id === "torture")).toBeUndefined();
  expect(tags.find((c: { id: string }) => c.id === "beating")).toMatchObject({
    parentId: "sexual-violence",
    path: ["Physical integrity", "Sexual violence", "Beating"],
  });
  const doc = (await t.call("GET", documentPath(t, docId))).body;
  // 7 passages had the merged code, 7 the target (3 both): 11 of the 14 end with the target.
  expect(doc.tagCounts).toEqual({ "sexual-violence": 11, corruption: 3 });
  const links = await t.call("GET", `/api/workspaces/${t.workspaceId}/links`);
  expect(links.body.items).toHaveLength(1);
}

describe("merging a code into another", () => {
  it("re-tags every passage once, moves the children and removes the code", async () => {
    const t = await makeTestApp();
    const { doc } = await seed(t);
    const reply = await t.call("POST", `${tagsPath(t)}/torture/merge`, {
      into: "sexual-violence",
    });
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({
      from: "torture",
      annotationsChanged: 7,
      childrenMoved: 1,
      resumed: false,
    });
    await expectMerged(t, doc.id);
    // A retry of a finished merge answers the same, changing nothing.
    const again = await t.call("POST", `${tagsPath(t)}/torture/merge`, {
      into: "sexual-violence",
    });
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ annotationsChanged: 0, resumed: true });
    await expectMerged(t, doc.id);
  });

  it("is finished by the next codebook read after a crash mid-merge", async () => {
    const t = await makeTestApp();
    const { doc } = await seed(t);
    await expect(
      Codebook.merge(t.ctx, t.workspaceId, "torture", "sexual-violence", {
        afterAnnotation: (n) => {
          if (n === 4) throw new Error("crash after 4 passages");
        },
      }),
    ).rejects.toThrow("crash after 4");
    const half = (await t.call("GET", `${tagsPath(t)}/torture`)).body;
    expect(half.mergingInto).toBe("sexual-violence");
    // A different target is refused while the first merge is pending.
    expectError(
      await t.call("POST", `${tagsPath(t)}/torture/merge`, { into: "corruption" }),
      409,
      "tag.merging",
    );
    // The reader's next codebook read finishes it.
    expectStatus(await t.call("GET", tagsPath(t)), 200);
    await expectMerged(t, doc.id);
  });

  it("is finished by a retry after a crash between the re-tags' entries and the re-tags, with the same result", async () => {
    const t = await makeTestApp();
    const { doc } = await seed(t);
    await expect(
      Codebook.merge(t.ctx, t.workspaceId, "torture", "sexual-violence", {
        afterEntries: () => {
          throw new Error("crash");
        },
      }),
    ).rejects.toThrow("crash");
    // Recorded, not made: the passages still carry the merged code.
    const before = (await all(t)).filter((p) => p.tags.includes("torture"));
    expect(before).toHaveLength(7);
    const retry = await t.call("POST", `${tagsPath(t)}/torture/merge`, {
      into: "sexual-violence",
    });
    expectStatus(retry, 200);
    // The retry completes the seven recorded re-tags: each passage changed once, one entry each.
    expect(retry.body).toMatchObject({ resumed: true, annotationsChanged: 7 });
    await expectMerged(t, doc.id);
    for (const p of before) {
      const entries = (
        await t.call("GET", `/api/workspaces/${t.workspaceId}/history?annotationId=${p.id}`)
      ).body.items;
      expect(entries.map((e: { action: string; status: string }) => [e.action, e.status])).toEqual([
        ["create", "applied"],
        ["update", "applied"],
      ]);
    }
  });

  it("re-tags a code on many passages exactly once across a crash in the middle of its chunks", async () => {
    const t = await makeTestApp();
    const words = Array.from({ length: 90 }, (_, i) => `p${String(i).padStart(3, "0")}`);
    const text = words.join(" ");
    const doc = await makeDocument(t, { text });
    const now = new Date().toISOString();
    // Seeded in bulk: passage i coded torture, and every third one sexual-violence as well.
    await Annotation.createMany(
      t.ctx,
      t.workspaceId,
      words.map((word, i) =>
        Annotation.annotationItem({
          id: `ann_MERGE${String(i).padStart(21, "0")}`,
          workspaceId: t.workspaceId,
          documentId: doc.id,
          start: text.indexOf(word),
          end: text.indexOf(word) + word.length,
          exact: word,
          prefix: "",
          suffix: "",
          tags: i % 3 === 0 ? ["torture", "sexual-violence"] : ["torture"],
          note: "",
          status: "anchored",
          textVersion: 1,
          createdBy: "usr_local",
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      ),
      { cause: "seed" },
    );
    await expect(
      Codebook.merge(t.ctx, t.workspaceId, "torture", "sexual-violence", {
        afterEntries: (chunk) => {
          if (chunk === 2) throw new Error("crash in chunk 2");
        },
      }),
    ).rejects.toThrow("crash in chunk 2");
    const retry = await t.call("POST", `${tagsPath(t)}/torture/merge`, {
      into: "sexual-violence",
    });
    expectStatus(retry, 200);
    const passages = await all(t);
    expect(passages).toHaveLength(90);
    for (const p of passages) expect(p.tags).toEqual(["sexual-violence"]);
    const counted = (await t.call("GET", documentPath(t, doc.id))).body;
    expect(counted).toMatchObject({ annotationCount: 90, tagCounts: { "sexual-violence": 90 } });
    const history = (
      await readAllPages(t, `/api/workspaces/${t.workspaceId}/history?documentId=${doc.id}`, 500)
    ).items as Array<{ entityId: string; action: string; status: string }>;
    const retags = history.filter((e) => e.action === "update");
    // Exactly one applied re-tag per passage, none lost, none twice.
    expect(retags).toHaveLength(90);
    expect(new Set(retags.map((e) => e.entityId)).size).toBe(90);
    expect(retags.every((e) => e.status === "applied")).toBe(true);
  });

  it("refuses merging into itself, into its own subtree, or an unknown code", async () => {
    const t = await makeTestApp();
    expectError(
      await t.call("POST", `${tagsPath(t)}/torture/merge`, { into: "torture" }),
      422,
      "tag.merge_self",
    );
    expectError(
      await t.call("POST", `${tagsPath(t)}/physical-integrity/merge`, { into: "torture" }),
      422,
      "tag.merge_into_descendant",
    );
    expectError(
      await t.call("POST", `${tagsPath(t)}/torture/merge`, { into: "nope" }),
      404,
      "tag.not_found",
    );
    expectError(
      await t.call("POST", `${tagsPath(t)}/torture/merge`, { into: "x", extra: 1 }),
      400,
      "request.unknown_field",
    );
    expect((await t.call("GET", tagsPath(t))).body.items).toHaveLength(13);
  });
});
