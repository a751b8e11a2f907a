import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { annotate, makeDocument, tickingClock } from "../support/data.ts";
import { download, exportPath } from "./support.ts";

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

/** Records of findings.csv, split at the blank line into summary and matrix. */
function sections(text: string): string[][][] {
  const [summary, matrix] = text.split("\r\n\r\n");
  const rows = (block: string) =>
    block
      .split("\r\n")
      .filter(Boolean)
      .map((line) => line.split(","));
  return [rows(summary!), rows(matrix!)];
}

describe("findings.csv", () => {
  it("counts passages and documents per code, then the code × document matrix", async () => {
    const { t, first, second } = await corpus();
    const reply = await download(t, exportPath(t, "findings.csv"));
    expect(reply.status).toBe(200);
    const [summary, matrix] = sections(reply.text);
    expect(summary![0]).toEqual(["code", "label", "passages", "documents"]);
    const count = (code: string) => summary!.find((r) => r[0] === code)!.slice(2);
    expect(count("forced-labour")).toEqual(["3", "2"]);
    expect(count("corruption")).toEqual(["1", "1"]);
    expect(count("trafficking")).toEqual(["0", "0"]);
    expect(summary).toHaveLength(10);
    // Documents by title: "<img…" sorts before "Second source".
    expect(matrix![0]).toEqual(["document_id", "", first.id, second.id]);
    expect(matrix!.find((r) => r[0] === "forced-labour")!.slice(2)).toEqual(["2", "1"]);
    expect(matrix!.find((r) => r[0] === "corruption")!.slice(2)).toEqual(["1", "0"]);
  });

  it("counts only the filtered code and document", async () => {
    const { t, second } = await corpus();
    const [summary, matrix] = sections(
      (
        await download(
          t,
          exportPath(t, "findings.csv", `tag=forced-labour&documentId=${second.id}`),
        )
      ).text,
    );
    expect(summary!.slice(1)).toEqual([["forced-labour", "Forced labour", "1", "1"]]);
    expect(matrix![0]).toEqual(["document_id", "", second.id]);
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
