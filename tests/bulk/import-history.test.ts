import { describe, expect, it } from "vitest";
import { manySourcesProject, postFile } from "../exports/refi-fixtures.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectStatus, makeDocument, readAllPages } from "../support/data.ts";

// Imported passages are changes like any other: each gets its "create" entry in the history,
// written before the passage (annotation/bulk.ts), so the history of an imported project is whole.

async function passages(t: TestApp) {
  return (await readAllPages(t, `/api/workspaces/${t.workspaceId}/annotations`, 500))
    .items as Array<{ id: string; documentId: string }>;
}

async function creates(t: TestApp) {
  const entries = (await readAllPages(t, `/api/workspaces/${t.workspaceId}/history`, 500))
    .items as Array<{
    kind: string;
    entityId: string;
    action: string;
    status: string;
    cause: string;
  }>;
  return entries.filter((e) => e.kind === "annotation" && e.action === "create");
}

describe("imported passages in the history", () => {
  it("records one applied create entry for every passage of a REFI-QDA project, and none again on a repeat", async () => {
    const t = await makeTestApp();
    const reply = await postFile(t, "project.qdpx", manySourcesProject(2, 30));
    expectStatus(reply, 200);
    expect(reply.body.imported.annotations).toBe(60);
    const all = await passages(t);
    expect(all).toHaveLength(60);
    const entries = await creates(t);
    expect(entries).toHaveLength(all.length);
    expect(new Set(entries.map((e) => e.entityId))).toEqual(new Set(all.map((p) => p.id)));
    expect(entries.every((e) => e.status === "applied")).toBe(true);
    expect(entries[0]!.cause).toMatch(new RegExp(`^refi\\.import:${reply.body.importId}:`));
    for (const documentId of new Set(all.map((p) => p.documentId))) {
      const doc = await t.call("GET", `/api/workspaces/${t.workspaceId}/documents/${documentId}`);
      expect(doc.body.annotationCount).toBe(30);
    }
    expectStatus(await postFile(t, "project.qdpx", manySourcesProject(2, 30)), 200);
    expect(await creates(t)).toHaveLength(60);
  });

  it("records one create entry for every imported W3C annotation, and a repeated file adds none", async () => {
    const t = await makeTestApp();
    const text = Array.from({ length: 40 }, (_, i) => `Passage ${i} names broker ${i}.`).join(
      "\n\n",
    );
    const doc = await makeDocument(t, { text });
    const file = Array.from({ length: 40 }, (_, i) => ({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      id: `https://hypothes.is/a/a${i}`,
      body: [
        { type: "TextualBody", value: `note ${i}`, format: "text/markdown" },
        { type: "TextualBody", value: "Corruption", purpose: "tagging" },
      ],
      target: {
        source: `https://gloss.example/workspaces/${t.workspaceId}/documents/${doc.id}`,
        selector: { type: "TextQuoteSelector", exact: `names broker ${i}.` },
      },
    }));
    const path = `/api/workspaces/${t.workspaceId}/imports/annotations.jsonld`;
    const reply = await t.call("POST", path, file);
    expectStatus(reply, 200);
    expect(reply.body.imported).toBe(40);
    const all = await passages(t);
    expect(all).toHaveLength(40);
    const entries = await creates(t);
    expect(entries).toHaveLength(40);
    expect(new Set(entries.map((e) => e.entityId))).toEqual(new Set(all.map((p) => p.id)));
    const again = await t.call("POST", path, file);
    expect(again.body).toMatchObject({ imported: 0 });
    expect(await creates(t)).toHaveLength(40);
    const counts = await t.call("GET", `/api/workspaces/${t.workspaceId}/documents/${doc.id}`);
    expect(counts.body).toMatchObject({ annotationCount: 40, tagCounts: { corruption: 40 } });
  });
});
