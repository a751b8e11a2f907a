import * as Codebook from "@gloss/core/codebook";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectError, expectStatus, tagsPath } from "../support/data.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
async function codes(t: TestApp): Promise<Map<string, any>> {
  const reply = await t.call("GET", tagsPath(t));
  expectStatus(reply, 200);
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  return new Map(reply.body.items.map((c: any) => [c.id, c]));
}

async function add(t: TestApp, label: string, parentId?: string) {
  const reply = await t.call("POST", tagsPath(t), { label, ...(parentId ? { parentId } : {}) });
  expectStatus(reply, 201);
  return reply.body;
}

async function move(t: TestApp, id: string, body: Record<string, unknown>) {
  const version = (await codes(t)).get(id).version;
  return t.call("PATCH", `${tagsPath(t)}/${id}`, { ...body, version });
}

describe("the codebook as a tree", () => {
  it("seeds the nine default codes under four recognisable parents", async () => {
    const t = await makeTestApp();
    const tags = await codes(t);
    expect(tags.get("arbitrary-detention")).toMatchObject({
      parentId: "liberty",
      path: ["Liberty and security", "Arbitrary detention"],
    });
    expect(tags.get("forced-labour").parentId).toBe("labour-exploitation");
    expect(tags.get("torture").parentId).toBe("physical-integrity");
    expect(tags.get("state-response").parentId).toBe("state-accountability");
    const tops = [...tags.values()].filter((c) => c.parentId === null).map((c) => c.id);
    expect(tops).toEqual([
      "liberty",
      "physical-integrity",
      "labour-exploitation",
      "state-accountability",
    ]);
    // Tree order: each parent followed by its children.
    const order = [...tags.keys()];
    expect(order.indexOf("arbitrary-detention")).toBe(order.indexOf("liberty") + 1);
  });

  it("re-parents and reorders a code with a version-checked PATCH", async () => {
    const t = await makeTestApp();
    await add(t, "Incommunicado", "arbitrary-detention");
    const moved = await move(t, "torture", { parentId: "liberty", position: 0 });
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({ parentId: "liberty", position: 0, version: 2 });
    const tags = await codes(t);
    expect(tags.get("arbitrary-detention").position).toBe(1);
    expect(tags.get("incommunicado").path).toEqual([
      "Liberty and security",
      "Arbitrary detention",
      "Incommunicado",
    ]);
    // A stale version is a conflict and changes nothing.
    const stale = await t.call("PATCH", `${tagsPath(t)}/torture`, { parentId: null, version: 1 });
    expectError(stale, 409, "tag.version_conflict");
    expect((await codes(t)).get("torture").parentId).toBe("liberty");
    // Back to the top level, last.
    const top = await move(t, "torture", { parentId: null });
    expect(top.body).toMatchObject({ parentId: null, position: 4 });
  });

  it("refuses cycles, unknown parents and trees deeper than six levels", async () => {
    const t = await makeTestApp();
    let parent = "liberty";
    for (const label of ["L2", "L3", "L4", "L5", "L6"]) parent = (await add(t, label, parent)).id;
    expectError(
      await t.call("POST", tagsPath(t), { label: "L7", parentId: parent }),
      422,
      "tag.too_deep",
    );
    expectError(await move(t, "liberty", { parentId: "l3" }), 422, "tag.cycle");
    expectError(await move(t, "liberty", { parentId: "liberty" }), 422, "tag.cycle");
    expectError(await move(t, "l2", { parentId: "nope" }), 422, "tag.unknown_parent");
    // Moving a two-level subtree under depth 5 would reach depth 7.
    expectError(await move(t, "l5", { parentId: "l4-x" }), 422, "tag.unknown_parent");
    await add(t, "Side", "l4");
    expectError(await move(t, "l5", { parentId: "side" }), 422, "tag.too_deep");
    expect((await codes(t)).get("l5").parentId).toBe("l4");
  });

  it("migrates a flat codebook into the tree without touching a coding", async () => {
    const t = await makeTestApp();
    const { ctx, workspaceId } = t;
    // Make the workspace look as before the tree: codes without parent or rank, no parents.
    const { DeleteCommand, UpdateCommand } = await import("@aws-sdk/lib-dynamodb");
    for (const id of [
      "liberty",
      "physical-integrity",
      "labour-exploitation",
      "state-accountability",
    ]) {
      await ctx.db.send(
        new DeleteCommand({
          TableName: ctx.table,
          Key: { pk: `WS#${workspaceId}`, sk: `TAG#${id}` },
        }),
      );
    }
    await add(t, "Own code");
    for (const id of [...Codebook.defaultCodebook.map((c) => c.id as string), "own-code"]) {
      await ctx.db
        .send(
          new UpdateCommand({
            TableName: ctx.table,
            Key: { pk: `WS#${workspaceId}`, sk: `TAG#${id}` },
            UpdateExpression: "REMOVE parentId, #rank",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#rank": "rank" },
          }),
        )
        .catch(() => undefined);
    }
    const tags = await codes(t);
    expect(tags.get("arbitrary-detention").parentId).toBe("liberty");
    expect(tags.get("liberty").parentId).toBeNull();
    expect(tags.get("own-code")).toMatchObject({ parentId: null, version: 1 });
    expect(tags.size).toBe(14);
    // Idempotent: a second read writes nothing new.
    expect(await codes(t)).toEqual(tags);
  });
});
