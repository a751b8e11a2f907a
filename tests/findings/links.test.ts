import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";

async function twoReports(t: TestApp) {
  const base = `/api/workspaces/${t.workspaceId}`;
  const a = (
    await t.call("POST", `${base}/documents`, {
      title: "NGO briefing",
      text: "Guards confiscated passports at the border crossing.",
    })
  ).body;
  const b = (
    await t.call("POST", `${base}/documents`, {
      title: "UN report",
      text: "Passports were confiscated upon arrival at the compound.",
    })
  ).body;
  const annotate = async (doc: { id: string }, text: string, exact: string, tags: string[]) => {
    const start = text.indexOf(exact);
    return (
      await t.call("POST", `${base}/documents/${doc.id}/annotations`, {
        start,
        end: start + exact.length,
        exact,
        tags,
      })
    ).body;
  };
  const p1 = await annotate(
    a,
    "Guards confiscated passports at the border crossing.",
    "confiscated passports",
    ["forced-labour"],
  );
  const p2 = await annotate(
    b,
    "Passports were confiscated upon arrival at the compound.",
    "Passports were confiscated",
    ["forced-labour", "trafficking"],
  );
  return { base, a, b, p1, p2 };
}

describe("links between passages", () => {
  it("links passages across documents and finds the link from either end, with both quotes", async () => {
    const t = await makeTestApp();
    const { base, p1, p2 } = await twoReports(t);
    const created = await t.call("POST", `${base}/links`, {
      fromId: p1.id,
      toId: p2.id,
      relation: "corroborates",
      note: "Same practice, two sources",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      relation: "corroborates",
      from: { annotationId: p1.id, documentTitle: "NGO briefing", exact: "confiscated passports" },
      to: { annotationId: p2.id, documentTitle: "UN report", exact: "Passports were confiscated" },
    });
    for (const id of [p1.id, p2.id]) {
      const listed = await t.call("GET", `${base}/links?annotationId=${id}`);
      expect(listed.body.items.map((l: { id: string }) => l.id)).toEqual([created.body.id]);
    }
    const all = await t.call("GET", `${base}/links`);
    expect(all.body.items).toHaveLength(1);
    expect((await t.call("DELETE", `${base}/links/${created.body.id}`)).status).toBe(204);
    expect((await t.call("GET", `${base}/links?annotationId=${p1.id}`)).body.items).toEqual([]);
  });

  it("refuses self-links, unknown passages, unknown relations and duplicates", async () => {
    const t = await makeTestApp();
    const { base, p1, p2 } = await twoReports(t);
    const self = await t.call("POST", `${base}/links`, {
      fromId: p1.id,
      toId: p1.id,
      relation: "related",
    });
    expect([self.status, self.body.error.code]).toEqual([422, "link.self"]);
    const unknown = await t.call("POST", `${base}/links`, {
      fromId: p1.id,
      toId: "ann_nope",
      relation: "related",
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, "link.unknown_annotation"]);
    const relation = await t.call("POST", `${base}/links`, {
      fromId: p1.id,
      toId: p2.id,
      relation: "agrees",
    });
    expect(relation.status).toBe(400);
    await t.call("POST", `${base}/links`, { fromId: p1.id, toId: p2.id, relation: "cites" });
    const again = await t.call("POST", `${base}/links`, {
      fromId: p2.id,
      toId: p1.id,
      relation: "cites",
    });
    expect([again.status, again.body.error.code]).toEqual([409, "link.exists"]);
    const other = await t.call("POST", `${base}/links`, {
      fromId: p2.id,
      toId: p1.id,
      relation: "contradicts",
    });
    expect(other.status).toBe(201);
  });

  it("drops a link from lists once one of its passages is deleted", async () => {
    const t = await makeTestApp();
    const { base, p1, p2 } = await twoReports(t);
    await t.call("POST", `${base}/links`, {
      fromId: p1.id,
      toId: p2.id,
      relation: "same-incident",
    });
    await t.call("DELETE", `${base}/annotations/${p2.id}`);
    expect((await t.call("GET", `${base}/links?annotationId=${p1.id}`)).body.items).toEqual([]);
  });
});

describe("data lifecycle", () => {
  it("deleting a document removes its annotations, their links and its share links from the table", async () => {
    const { ScanCommand } = await import("@aws-sdk/lib-dynamodb");
    const t = await makeTestApp();
    const { base, a, b, p1, p2 } = await twoReports(t);
    const link = await t.call("POST", `${base}/links`, {
      fromId: p1.id,
      toId: p2.id,
      relation: "corroborates",
    });
    const share = await t.call("POST", `${base}/documents/${a.id}/shares`, {});
    expect(link.status).toBe(201);
    expect(share.status).toBe(201);
    expect((await t.call("DELETE", `${base}/documents/${a.id}`)).status).toBe(204);

    const raw = (await t.ctx.db.send(new ScanCommand({ TableName: t.ctx.table }))).Items ?? [];
    // History entries and version provenance stay (retention outlives the thing described);
    // nothing else does.
    const leftovers = raw.filter(
      (item) =>
        item.type !== "history" &&
        item.type !== "provenance" &&
        (JSON.stringify(item).includes(a.id) || JSON.stringify(item).includes(p1.id)),
    );
    expect(leftovers).toEqual([]);
    expect((await t.call("GET", `/api/shared/${share.body.token}`)).status).toBe(404);
    // The other document and its passage are untouched.
    expect((await t.call("GET", `${base}/annotations/${p2.id}`)).status).toBe(200);
    expect((await t.call("GET", `${base}/documents/${b.id}`)).status).toBe(200);
  });
});
