import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import {
  documentPath,
  expectError,
  expectStatus,
  makeDocument,
  tagsPath,
} from "../support/data.ts";

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo"];
const TEXT = WORDS.join(" ");

describe("re-coding selected passages of a code", () => {
  it("splits a code by moving some passages to a new sub-code, recorded and retry-safe", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT });
    const ids: string[] = [];
    for (const [i, word] of WORDS.entries()) {
      const start = TEXT.indexOf(word);
      const reply = await t.call("POST", `${documentPath(t, doc.id)}/annotations`, {
        start,
        end: start + word.length,
        exact: word,
        tags: i === 0 ? ["torture", "corruption"] : ["torture"],
      });
      expectStatus(reply, 201);
      ids.push(reply.body.id);
    }
    const child = await t.call("POST", tagsPath(t), {
      label: "Beating",
      parentId: "torture",
    });
    expectStatus(child, 201);
    const body = { annotationIds: [ids[0], ids[1], ids[2], ids[1]], action: "move", to: "beating" };
    const moved = await t.call("POST", `${tagsPath(t)}/torture/recode`, body);
    expectStatus(moved, 200);
    expect(moved.body).toEqual({ changed: 3, unchanged: 0, failed: [] });

    const tagsOf = async (id: string) =>
      (await t.call("GET", `/api/workspaces/${t.workspaceId}/annotations/${id}`)).body.tags;
    expect(await tagsOf(ids[0]!)).toEqual(["beating", "corruption"]);
    expect(await tagsOf(ids[1]!)).toEqual(["beating"]);
    expect(await tagsOf(ids[3]!)).toEqual(["torture"]);
    const counts = (await t.call("GET", documentPath(t, doc.id))).body.tagCounts;
    expect(counts).toEqual({ torture: 2, beating: 3, corruption: 1 });
    const history = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/history?annotationId=${ids[1]}`,
    );
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      "create",
      "update",
    ]);

    // The same request again changes nothing; unknown passages fail alone.
    const again = await t.call("POST", `${tagsPath(t)}/torture/recode`, {
      ...body,
      annotationIds: [...body.annotationIds, "ann_nope"],
    });
    expectStatus(again, 200);
    expect(again.body.changed).toBe(0);
    expect(again.body.unchanged).toBe(3);
    expect(again.body.failed).toEqual([
      expect.objectContaining({ annotationId: "ann_nope", code: "annotation.not_found" }),
    ]);

    const added = await t.call("POST", `${tagsPath(t)}/torture/recode`, {
      annotationIds: [ids[3]],
      action: "add",
      to: "corruption",
    });
    expect(added.body.changed).toBe(1);
    expect(await tagsOf(ids[3]!)).toEqual(["torture", "corruption"]);
    const removed = await t.call("POST", `${tagsPath(t)}/torture/recode`, {
      annotationIds: [ids[3], ids[4]],
      action: "remove",
    });
    // The last code of a passage without a note cannot go: that passage stays as it was.
    expect(removed.body.changed).toBe(1);
    expect(removed.body.failed.map((f: { annotationId: string }) => f.annotationId)).toEqual([
      ids[4],
    ]);
    expect(await tagsOf(ids[4]!)).toEqual(["torture"]);
  });

  it("refuses a move without a target, onto itself or onto an unknown code", async () => {
    const t = await makeTestApp();
    const path = `${tagsPath(t)}/torture/recode`;
    expectError(
      await t.call("POST", path, { annotationIds: ["ann_x"], action: "move" }),
      422,
      "recode.target_required",
    );
    expectError(
      await t.call("POST", path, { annotationIds: ["ann_x"], action: "add", to: "torture" }),
      422,
      "recode.same_code",
    );
    expectError(
      await t.call("POST", path, { annotationIds: ["ann_x"], action: "move", to: "no-such" }),
      422,
      "tag.unknown",
    );
    expectError(
      await t.call("POST", `${tagsPath(t)}/no-such/recode`, {
        annotationIds: ["ann_x"],
        action: "remove",
      }),
      404,
      "tag.not_found",
    );
    expectStatus(await t.call("POST", path, { annotationIds: [], action: "remove" }), 400);
  });
});
