import { extract } from "@gloss/core/ingest";
import {
  AlignmentType,
  Document as DocxDocument,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from "docx";
import { describe, expect, it } from "vitest";

/** A Word report with numbered paragraphs, lettered sub-items, bullets, a table and footnotes. */
async function makeStructuredDocx(title = "Microsoft Word - AGENDA.doc"): Promise<Uint8Array> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new DocxDocument({
    title,
    numbering: {
      config: [
        {
          reference: "paras",
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
            {
              level: 1,
              format: LevelFormat.LOWER_LETTER,
              text: "%2)",
              alignment: AlignmentType.START,
            },
          ],
        },
        {
          reference: "bullets",
          levels: [
            { level: 0, format: LevelFormat.BULLET, text: "•", alignment: AlignmentType.START },
          ],
        },
      ],
    },
    footnotes: {
      1: { children: [new Paragraph("See communication 101 of the Working Group.")] },
      2: { children: [new Paragraph("Document A/HRC/45/7.")] },
    },
    sections: [
      {
        children: [
          new Paragraph({ text: "Findings of the mission", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            numbering: { reference: "paras", level: 0 },
            children: [
              new TextRun("The Working Group visited three facilities."),
              new FootnoteReferenceRun(1),
            ],
          }),
          new Paragraph({
            text: "Access was refused twice.",
            numbering: { reference: "paras", level: 0 },
          }),
          new Paragraph({
            text: "at the northern prison;",
            numbering: { reference: "paras", level: 1 },
          }),
          new Paragraph({ text: "at the airport.", numbering: { reference: "paras", level: 1 } }),
          new Paragraph({
            numbering: { reference: "paras", level: 0 },
            children: [new TextRun("Families were not informed."), new FootnoteReferenceRun(2)],
          }),
          new Paragraph({ text: "Interviews", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "forty detainees", numbering: { reference: "bullets", level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [cell("Facility"), cell("Visits"), cell("Refused")] }),
              new TableRow({ children: [cell("Northern prison"), cell("3"), cell("1")] }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe("extracting structure from Word", () => {
  it("keeps list numbers and bullets, table rows, headings and numbered footnotes", async () => {
    const result = await extract(await makeStructuredDocx(), "agenda.docx");
    expect(result.text.split("\n\n")).toEqual([
      "Findings of the mission",
      "1. The Working Group visited three facilities.[1]",
      "2. Access was refused twice.",
      "a) at the northern prison;",
      "b) at the airport.",
      "3. Families were not informed.[2]",
      "Interviews",
      "• forty detainees",
      "Facility | Visits | Refused",
      "Northern prison | 3 | 1",
      "[1] See communication 101 of the Working Group.",
      "[2] Document A/HRC/45/7.",
    ]);
    expect(result.text).not.toContain("↑");
  });

  it("replaces a junk title with the first heading and never dates by the file's creation", async () => {
    const result = await extract(await makeStructuredDocx(), "agenda.docx");
    expect(result.title).toBe("Findings of the mission");
    expect(result.publishedAt).toBe(null);
    const titled = await extract(await makeStructuredDocx("Report on detention"), "x.docx");
    expect(titled.title).toBe("Report on detention");
  });
});

describe("extracting structure from HTML", () => {
  it("keeps list markers and table rows as text", async () => {
    const html = `<!doctype html><html><body><article><h1>Findings</h1><p>${"The mission visited the facilities in the north. ".repeat(6)}</p><ol type="a" start="3"><li>the northern prison;</li><li><p>the airport.</p></li></ol><ul><li>forty detainees</li></ul><table><tr><th>Facility</th><th>Visits</th></tr><tr><td><p>Northern prison</p></td><td>3</td></tr></table></article></body></html>`;
    const result = await extract(new TextEncoder().encode(html), "page.html");
    const paragraphs = result.text.split("\n\n");
    for (const expected of [
      "c. the northern prison;",
      "d. the airport.",
      "• forty detainees",
      "Facility | Visits",
      "Northern prison | 3",
    ]) {
      expect(paragraphs).toContain(expected);
    }
  });
});
