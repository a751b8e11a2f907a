import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { annotate, makeDocument, tickingClock } from "../support/data.ts";
import { download, exportPath, parseCsv } from "./support.ts";

const HOSTILE_TITLE = "<img src=x onerror=alert(1)>";

/** Two documents; forced-labour in both (3 passages), corruption in one, trafficking nowhere. */
async function corpus() {
  const t = await makeTestApp({ now: tickingClock() });
  const first = await makeDocument(t, {
    title: HOSTILE_TITLE,
    sourceUrl: "https://example.org/a?x=1&y=<2>",
    publishedAt: "2024-02-01",
  });
  const second = await makeDocument(t, { title: "Second source" });
  await annotate(t, first.id, "collected every passport", {
    tags: ["forced-labour", "corruption"],
    note: "<script>alert('note')</script>",
  });
  await annotate(t, first.id, "locked in a storeroom overnight", { tags: ["forced-labour"] });
  await annotate(t, second.id, "owed the cost of their journey", { tags: ["forced-labour"] });
  await annotate(t, second.id, "Local police detained two men", { tags: [], note: "Only a note" });
  return { t, first, second };
}

describe("findings-codes.csv and findings-matrix.csv", () => {
  it("count passages and documents per code in one tidy table", async () => {
    const { t } = await corpus();
    const reply = await download(t, exportPath(t, "findings-codes.csv"));
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toMatch(/-findings-codes-.*\.csv"/);
    expect(reply.text.split("\r\n")[0]).toBe(
      "code,code_label,code_path,passages,documents,passages_with_descendants,documents_with_descendants",
    );
    const rows = parseCsv(reply.text);
    const count = (code: string) => rows.find((r) => r.code === code)!;
    expect(count("forced-labour")).toMatchObject({ passages: "3", documents: "2" });
    expect(count("corruption")).toMatchObject({ passages: "1", documents: "1" });
    expect(count("trafficking")).toMatchObject({ passages: "0", documents: "0" });
    // The parent counts its children's passages, and a passage once however many it carries.
    expect(count("forced-labour").code_path).toBe("Labour and exploitation › Forced labour");
    expect(count("labour-exploitation")).toMatchObject({ passages: "0" });
    expect(count("labour-exploitation").passages_with_descendants).toBe("3");
    expect(rows).toHaveLength(13);
  });

  it("give the code × document matrix a record per cell, zeros included", async () => {
    const { t, first, second } = await corpus();
    const rows = parseCsv((await download(t, exportPath(t, "findings-matrix.csv"))).text);
    expect(Object.keys(rows[0]!)).toEqual([
      "code",
      "code_label",
      "document_id",
      "document_title",
      "passages",
    ]);
    expect(rows).toHaveLength(13 * 2);
    const cell = (code: string, documentId: string) =>
      rows.find((r) => r.code === code && r.document_id === documentId)?.passages;
    expect(cell("forced-labour", first.id)).toBe("2");
    expect(cell("forced-labour", second.id)).toBe("1");
    expect(cell("corruption", second.id)).toBe("0");
    // The hostile title is a value like any other, neutralised only when it starts a formula.
    expect(rows.find((r) => r.document_id === first.id)!.document_title).toBe(HOSTILE_TITLE);
  });

  it("count only the filtered code and document", async () => {
    const { t, second } = await corpus();
    const query = `tag=forced-labour&documentId=${second.id}`;
    const codes = parseCsv((await download(t, exportPath(t, "findings-codes.csv", query))).text);
    expect(codes).toEqual([
      {
        code: "forced-labour",
        code_label: "Forced labour",
        code_path: "Labour and exploitation › Forced labour",
        passages: "1",
        documents: "1",
        passages_with_descendants: "1",
        documents_with_descendants: "1",
      },
    ]);
    const matrix = parseCsv((await download(t, exportPath(t, "findings-matrix.csv", query))).text);
    expect(matrix.map((r) => [r.code, r.document_id, r.passages])).toEqual([
      ["forced-labour", second.id, "1"],
    ]);
  });

  it("keep findings.csv answering, as the codes table with links to both files", async () => {
    const { t } = await corpus();
    const old = await download(t, exportPath(t, "findings.csv", "bom=1"));
    expect(old.status).toBe(200);
    expect(old.text).toBe((await download(t, exportPath(t, "findings-codes.csv", "bom=1"))).text);
    expect(old.headers.get("link")).toBe(
      '<findings-codes.csv?bom=1>; rel="alternate"; type="text/csv", <findings-matrix.csv?bom=1>; rel="related"; type="text/csv"',
    );
  });
});

describe("report.html", () => {
  it("is self-contained, without scripts, and escapes every user text", async () => {
    const { t } = await corpus();
    const reply = await download(t, exportPath(t, "report.html"));
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toMatch(/filename="gloss-.*-report-.*\.html"/);
    const html = reply.text;
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;");
    expect(html).toContain('href="https://example.org/a?x=1&amp;y=%3C2%3E"');
    // Links only to the source and to passages on Gloss's own origin; nothing is loaded.
    expect(html).not.toMatch(
      /(src|href)="(https?:)?\/\/(?!example\.org|localhost\/w\/[^/"]+\/d\/)/,
    );
    expect(html).not.toMatch(/<[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link|@import|url\(/);
  });

  it("draws the matrix as an inline SVG and cites each passage", async () => {
    const { t, first } = await corpus();
    const html = (await download(t, exportPath(t, "report.html"))).text;
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain("Forced labour");
    // Three passages under forced labour, each with its document and a link to the passage.
    const section =
      html.split("<section").find((s) => s.includes("</span>Forced labour</h2>")) ?? "";
    expect(section).toContain("3 passages in 2 documents");
    expect(section.match(/<li>/g)).toHaveLength(3);
    expect(section).toContain("collected every passport");
    expect(section).toContain("2024-02-01");
    expect(section).toContain(`/d/${first.id}#ann=`);
  });
});
