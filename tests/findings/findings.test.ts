import { computeFindings } from "@gloss/core/findings";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";

const ann = (id: string, documentId: string, start: number, end: number, tags: string[]) => ({
  id,
  documentId,
  start,
  end,
  tags,
  createdBy: "usr_a",
  createdAt: "2026-01-01T00:00:00Z",
});

describe("findings computation", () => {
  it("counts passages and documents per code, and the code × document matrix", () => {
    const f = computeFindings([
      ann("1", "d1", 0, 5, ["torture"]),
      ann("2", "d1", 10, 15, ["torture", "corruption"]),
      ann("3", "d2", 0, 5, ["torture"]),
    ]);
    expect(f.codes).toEqual([
      { code: "torture", passages: 3, documents: 2 },
      { code: "corruption", passages: 1, documents: 1 },
    ]);
    expect(f.matrix).toEqual({ torture: { d1: 2, d2: 1 }, corruption: { d1: 1 } });
    expect(f.sameAnnotation).toEqual([{ a: "corruption", b: "torture", count: 1 }]);
  });

  it("counts codes of overlapping passages, not of passages that merely touch", () => {
    const f = computeFindings([
      ann("1", "d1", 0, 10, ["trafficking"]),
      ann("2", "d1", 5, 20, ["forced-labour"]),
      ann("3", "d1", 20, 30, ["corruption"]), // touches 2 at 20, no overlap
      ann("4", "d2", 5, 20, ["corruption"]), // other document
    ]);
    expect(f.overlapping).toEqual([{ a: "forced-labour", b: "trafficking", count: 1 }]);
  });
});

describe("GET /exports/findings.json", () => {
  it("reports codes, matrix, co-occurrence and cross-references, filtered", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const text = "Recruiters lied about wages. Guards beat workers who complained.";
    const d1 = (await t.call("POST", `${base}/documents`, { title: "Interview 1", text })).body;
    const d2 = (await t.call("POST", `${base}/documents`, { title: "Interview 2", text })).body;
    const annotate = async (doc: { id: string }, exact: string, tags: string[]) => {
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
    const a = await annotate(d1, "Recruiters lied about wages", ["deceptive-recruitment"]);
    await annotate(d1, "Guards beat workers", ["torture", "forced-labour"]);
    const c = await annotate(d2, "Recruiters lied", ["deceptive-recruitment"]);
    await t.call("POST", `${base}/links`, { fromId: a.id, toId: c.id, relation: "corroborates" });

    const all = (await t.call("GET", `${base}/exports/findings.json`)).body;
    expect(all.annotationCount).toBe(3);
    expect(all.codes[0]).toMatchObject({
      code: "deceptive-recruitment",
      label: "Deceptive recruitment",
      passages: 2,
      documents: 2,
    });
    expect(all.matrix["deceptive-recruitment"]).toEqual({ [d1.id]: 1, [d2.id]: 1 });
    expect(all.cooccurrence.sameAnnotation).toEqual([
      { a: "forced-labour", b: "torture", count: 1 },
    ]);
    expect(all.crossReferences).toHaveLength(1);
    expect(all.crossReferences[0].from.exact).toBe("Recruiters lied about wages");
    expect(all.documents.map((d: { title: string }) => d.title).sort()).toEqual([
      "Interview 1",
      "Interview 2",
    ]);
    expect(all.authors).toEqual([{ id: "usr_local", name: "Local owner" }]);

    const one = (
      await t.call("GET", `${base}/exports/findings.json?documentId=${d1.id}&tag=torture`)
    ).body;
    expect(one.annotationCount).toBe(1);
    expect(one.codes.map((x: { code: string }) => x.code)).toEqual(["torture"]);
    expect(one.crossReferences).toEqual([]);

    const none = (await t.call("GET", `${base}/exports/findings.json?from=2099-01-01`)).body;
    expect(none.annotationCount).toBe(0);
    const bad = await t.call("GET", `${base}/exports/findings.json?from=yesterday`);
    expect(bad.status).toBe(400);
    const longId = await t.call(
      "GET",
      `${base}/exports/findings.json?documentId=${"z".repeat(65)}`,
    );
    expect(longId.status).toBe(400);
  });
});
