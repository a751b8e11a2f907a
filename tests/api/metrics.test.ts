import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { annotate, REPORT_TEXT } from "../support/data.ts";
import { captured, jsonLines } from "../support/output.ts";

/** The value of an Embedded Metric Format metric in the captured lines, with its dimensions. */
const emf = (lines: Record<string, unknown>[], name: string) =>
  lines.filter((l) => "_aws" in l && name in l);

describe("metrics", () => {
  it("publishes re-anchoring counts of a new version and the size of each export as EMF", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const doc = (await t.call("POST", `${base}/documents`, { title: "Report", text: REPORT_TEXT }))
      .body;
    await annotate(t, doc.id, "collected every passport", { tags: ["forced-labour"] });
    const lines = jsonLines(
      await captured(async () => {
        await t.call("POST", `${base}/documents/${doc.id}/versions`, {
          text: REPORT_TEXT.replace("collected every passport", "took the documents"),
        });
        const csv = await t.call("GET", `${base}/exports/extracts.csv`);
        expect(csv.status).toBe(200);
      }),
    );
    expect(emf(lines, "AnnotationsOrphaned").map((l) => l.AnnotationsOrphaned)).toEqual([1]);
    expect(emf(lines, "AnnotationsMoved").map((l) => l.AnnotationsMoved)).toEqual([0]);
    const exported = emf(lines, "ExportBytes");
    expect(exported).toHaveLength(1);
    expect(exported[0]?.format).toBe("extracts.csv");
    expect(exported[0]?.ExportBytes).toBeGreaterThan(100);
  });
});
