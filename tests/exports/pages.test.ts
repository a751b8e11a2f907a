import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { makePdf } from "../ingest/fixtures.ts";
import { makeTestApp } from "../support/app.ts";

describe("page numbers in extracts", () => {
  it("fills the page column for a PDF source and leaves it empty for plain text", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const pdf = await makePdf({
      pages: [["Recruiters promised hotel work."], ["Guards kept every passport in a safe."]],
    });
    const form = new FormData();
    form.append("file", new File([pdf], "report.pdf", { type: "application/pdf" }));
    const doc = (await t.call("POST", `${base}/documents`, form)).body;
    expect(doc.pageCount).toBe(2);
    const plain = (
      await t.call("POST", `${base}/documents`, { title: "Notes", text: "Guards kept passports." })
    ).body;
    const annotate = async (id: string, exact: string) => {
      const text = (await t.call("GET", `${base}/documents/${id}/text`)).text;
      const start = text.indexOf(exact);
      expect(start).toBeGreaterThanOrEqual(0);
      await t.call("POST", `${base}/documents/${id}/annotations`, {
        start,
        end: start + exact.length,
        exact,
        tags: ["forced-labour"],
      });
    };
    await annotate(doc.id, "kept every passport");
    await annotate(doc.id, "Recruiters promised");
    await annotate(plain.id, "kept passports");

    const csv = await t.call("GET", `${base}/exports/extracts.csv`);
    const rows: Array<Record<string, string>> = parse(csv.text, { columns: true });
    const pageOf = (quote: string) => rows.find((r) => r.quote === quote)?.page;
    expect(pageOf("kept every passport")).toBe("2");
    expect(pageOf("Recruiters promised")).toBe("1");
    expect(pageOf("kept passports")).toBe("");
  });
});
