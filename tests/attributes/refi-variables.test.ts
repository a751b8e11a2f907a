import { describe, expect, it } from "vitest";
import { postFile } from "../exports/refi-fixtures.ts";
import { download, exportPath } from "../exports/support.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { annotate, documentPath, expectStatus, makeDocument } from "../support/data.ts";

/** Attributes (without ids and times) and each document's values by attribute name, by title. */
async function attributeSnapshot(t: TestApp) {
  const ws = `/api/workspaces/${t.workspaceId}`;
  const definitions = (await t.call("GET", `${ws}/attributes`)).body.items as Array<{
    id: string;
    name: string;
    type: string;
    description: string;
    choices: string[];
  }>;
  const name = new Map(definitions.map((d) => [d.id, d.name]));
  const documents = (await t.call("GET", `${ws}/documents`)).body.items as Array<{
    title: string;
    attributes: Record<string, unknown>;
  }>;
  return {
    attributes: definitions
      .map(({ name, type, description, choices }) => ({ name, type, description, choices }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    values: Object.fromEntries(
      documents.map((d) => [
        d.title,
        Object.fromEntries(Object.entries(d.attributes).map(([id, v]) => [name.get(id), v])),
      ]),
    ),
  };
}

describe("REFI-QDA Variables and Cases, Gloss → .qdpx → Gloss", () => {
  it("keeps every attribute, its type, choices and each document's values", async () => {
    const t = await makeTestApp();
    const ws = `/api/workspaces/${t.workspaceId}`;
    await t.call("POST", `${ws}/attributes/starter`);
    await t.call("POST", `${ws}/attributes`, { name: "Verified", type: "boolean" });
    await t.call("POST", `${ws}/attributes`, { name: "Visited", type: "date" });
    await t.call("POST", `${ws}/attributes`, {
      name: "Topics",
      type: "choices",
      choices: ["labour", "detention"],
      description: "What it is about",
    });
    const a = await makeDocument(t, { title: "A" });
    const b = await makeDocument(t, { title: "B" });
    await makeDocument(t, { title: "C" });
    expectStatus(
      await t.call("PATCH", documentPath(t, a.id), {
        attributes: {
          Country: "Cambodia",
          "Source type": "NGO report",
          "Publication year": 2023,
          Verified: true,
          Visited: "2024-02-29",
          Topics: ["labour", "detention"],
        },
        version: 1,
      }),
      200,
    );
    expectStatus(
      await t.call("PATCH", documentPath(t, b.id), {
        attributes: { Country: "Myanmar", Verified: false },
        version: 1,
      }),
      200,
    );
    await annotate(t, a.id, "collected every passport");
    const before = await attributeSnapshot(t);
    const exported = await download(t, exportPath(t, "project.qdpx"));
    const created = await t.call("POST", "/api/workspaces", { name: "Round trip" });
    const into: TestApp = { ...t, workspaceId: created.body.id };
    const reply = await postFile(into, "project.qdpx", exported.bytes);
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({ status: "done", skippedTotal: 0 });
    const after = await attributeSnapshot(into);
    expect(after).toEqual(before);
    expect(after.values.A).toMatchObject({ Country: "Cambodia", Topics: ["labour", "detention"] });
    // A second import of the same file changes nothing.
    await postFile(into, "project.qdpx", exported.bytes);
    expect(await attributeSnapshot(into)).toEqual(before);
  });
});
