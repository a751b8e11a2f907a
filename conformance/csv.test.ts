import { beforeAll, describe, expect, it } from "vitest";
import { neutralise } from "../packages/core/src/export/csv.ts";
import { download, exportPath } from "../tests/exports/support.ts";
import { makeTestApp, type TestApp } from "../tests/support/app.ts";
import {
  annotate,
  makeDocument,
  readAllPages,
  tickingClock,
  workspaceAnnotationsPath,
} from "../tests/support/data.ts";
import { readWithPython } from "./support/python.ts";

// Paragraphs that start with formula characters, so passages crossing a paragraph break put one at
// the start of a line inside a cell, where an unquoted LF used to start a new record.
const TEXT = [
  "The broker said the fee was 450 dollars, payable on arrival.",
  '=HYPERLINK("http://evil.example") was written on the wall; "quotes" too.',
  "+44 numbers were on the contract, -5 dollars a day deducted.",
  "@guards locked the dormitory; ＝SUM(A1) in full width, ＠ and ＋ and －.",
  "\tTabbed line and 🙂 emoji, الشرطة احتجزت العمال.",
].join("\n\n");

async function corpus(t: TestApp) {
  const doc = await makeDocument(t, {
    title: '=Broker, "report"',
    text: TEXT,
    sourceUrl: "https://example.org/r",
  });
  const across = (from: string, to: string) =>
    TEXT.slice(TEXT.indexOf(from), TEXT.indexOf(to) + to.length);
  await annotate(t, doc.id, across("payable", "=HYPERLINK"), {
    tags: ["corruption", "trafficking"],
    note: "see source\n=cmd|' /C calc'!A0",
  });
  await annotate(t, doc.id, across("=HYPERLINK", "+44"), {
    tags: ["forced-labour"],
    note: "+1\r\nsecond line",
  });
  await annotate(t, doc.id, across("-5 dollars", "@guards"), {
    tags: ["forced-labour"],
    note: "@here",
  });
  await annotate(t, doc.id, across("＝SUM", "Tabbed"), { tags: [], note: "－ full-width minus" });
  await annotate(t, doc.id, "الشرطة احتجزت", { tags: ["arbitrary-detention"], note: "" });
  return doc;
}

describe("CSV exports read by Python's csv module and pandas", () => {
  let t: TestApp;
  // biome-ignore lint/suspicious/noExplicitAny: API JSON
  let stored: any[];

  beforeAll(async () => {
    t = await makeTestApp({ now: tickingClock() });
    await corpus(t);
    stored = (await readAllPages(t, workspaceAnnotationsPath(t), 100)).items;
  });

  /** The export read by both readers, which must agree; records as objects keyed by the header. */
  async function read(name: string, query = "") {
    const reply = await download(t, exportPath(t, name, query));
    expect(reply.status).toBe(200);
    const { csv, pandas } = readWithPython(reply.bytes);
    const [header = [], ...records] = csv;
    expect(pandas.columns).toEqual(header);
    expect(pandas.rows).toEqual(records);
    for (const r of records) expect(r.length).toBe(header.length);
    return records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));
  }

  /** Each stored field as the export must give it: numbers as text, text after the documented '. */
  const expectedFields = (a: (typeof stored)[number]) => ({
    annotation_id: a.id,
    document_id: a.documentId,
    quote: neutralise(a.exact),
    prefix: neutralise(a.prefix),
    suffix: neutralise(a.suffix),
    start: String(a.start),
    end: String(a.end),
    note: neutralise(a.note),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    document_title: neutralise('=Broker, "report"'),
    source_url: "https://example.org/r",
  });

  for (const [layout, query] of [
    ["long", "layout=long"],
    ["wide", "layout=wide"],
    ["long with a BOM", "layout=long&bom=1"],
    ["wide with a BOM", "layout=wide&bom=1"],
  ] as const) {
    it(`gives extracts.csv (${layout}) one record per passage${layout.startsWith("long") ? " and code" : ""}, every field as stored`, async () => {
      const rows = await read("extracts.csv", query);
      const expectedCount = layout.startsWith("long")
        ? stored.reduce((n, a) => n + Math.max(1, a.tags.length), 0)
        : stored.length;
      expect(rows).toHaveLength(expectedCount);
      for (const a of stored) {
        const mine = rows.filter((r) => r.annotation_id === a.id);
        expect(mine.length, a.id).toBe(layout.startsWith("long") ? Math.max(1, a.tags.length) : 1);
        for (const row of mine) expect(row, a.id).toMatchObject(expectedFields(a));
        const codes = layout.startsWith("long")
          ? mine.map((r) => r.code)
          : mine[0]!.code!.split("; ");
        expect(codes.filter(Boolean)).toEqual(a.tags);
      }
      // No cell a spreadsheet would run, wherever a reader splits it.
      for (const row of rows) {
        for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
      }
    });
  }

  it("gives findings-codes.csv and findings-matrix.csv as single tidy tables", async () => {
    const codes = await read("findings-codes.csv", "bom=1");
    expect(codes.find((r) => r.code === "forced-labour")).toMatchObject({
      passages: "2",
      documents: "1",
    });
    const matrix = await read("findings-matrix.csv");
    expect(Object.keys(matrix[0]!)).toEqual([
      "code",
      "code_label",
      "document_id",
      "document_title",
      "passages",
    ]);
    expect(matrix.find((r) => r.code === "corruption")).toMatchObject({
      document_title: neutralise('=Broker, "report"'),
      passages: "1",
    });
  });
});
