import { extract } from "@gloss/core/ingest";
import { describe, expect, it } from "vitest";
import { documentDate, isJunkTitle, pickTitle } from "../../packages/core/src/ingest/metadata.ts";
import { makePdf } from "./fixtures.ts";

describe("metadata sanity", () => {
  it("recognises titles that tools write by themselves", () => {
    for (const junk of [
      "Microsoft Word - AGENDA.doc",
      "Untitled",
      "untitled document",
      "Document1",
      "PowerPoint Presentation",
      "report_final_v2.docx",
      "scan0001",
      "—",
    ]) {
      expect(isJunkTitle(junk), junk).toBe(true);
    }
    for (const real of ["Report of the Working Group", "A/HRC/45/7: Detention", "Interview 7"]) {
      expect(isJunkTitle(real), real).toBe(false);
    }
    expect(pickTitle("Microsoft Word - X.doc", null, "Findings")).toBe("Findings");
  });

  it("takes a stated date in the document's own time zone", () => {
    expect(documentDate("2024-03-18T22:00:00-05:00")).toBe("2024-03-18");
    expect(documentDate("2024-03-18T01:30:00+09:00")).toBe("2024-03-18");
    expect(documentDate("2024-02-30")).toBe(null);
    expect(documentDate("0001-01-01T00:00:00Z")).toBe(null);
    expect(documentDate("March 18, 2024")).toBe("2024-03-18");
  });

  it("never takes a PDF's creation date for its publication date; junk titles give way to the first heading", async () => {
    const pdf = await makePdf({ title: "Microsoft Word - AGENDA.doc", created: new Date() });
    const result = await extract(pdf, "report.pdf");
    expect(result.publishedAt).toBe(null);
    expect(result.title).not.toBe("Microsoft Word - AGENDA.doc");
  });

  it("dates an HTML article by its stated local date", async () => {
    const html = `<!doctype html><html><head><title>Untitled</title><meta property="article:published_time" content="2024-03-18T22:30:00-05:00"></head><body><article><h1>Compounds on the border</h1><p>${"Workers described the compounds in detail. ".repeat(8)}</p></article></body></html>`;
    const result = await extract(new TextEncoder().encode(html), "page.html");
    expect(result.publishedAt).toBe("2024-03-18");
    expect(result.title).toBe("Compounds on the border");
  });
});
