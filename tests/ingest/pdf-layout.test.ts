import { extract } from "@gloss/core/ingest";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import {
  joinLines,
  readingOrder,
  vocabularyOf,
} from "../../packages/core/src/ingest/pdf-layout.ts";
import { isUnreadable, linesOf, type PdfLine } from "../../packages/core/src/ingest/pdf-lines.ts";
import { makeReport } from "./report-pdf.ts";
import { unReportSpec } from "./un-report.ts";

const paragraphsOf = (text: string) => text.split("\n\n");

describe("PDF layout: UN-style reports (golden, against the generator's ground truth)", () => {
  for (const [name, options] of [
    ["numbered paragraphs, one column", { columns: 1 }],
    ["numbered paragraphs, two columns", { columns: 2 }],
    ["first-line indents, no numbers", { columns: 1, style: "indent" }],
  ] as const) {
    it(`reads ${name}: paragraphs, footnotes as [N] …, no running headers`, async () => {
      const { bytes, truth } = await makeReport(unReportSpec(30, options));
      expect(truth.pages.length).toBeGreaterThanOrEqual(3);
      const result = await extract(bytes, "report.pdf");
      expect(paragraphsOf(result.text)).toEqual(truth.pages.flat());
      for (const line of truth.running.flat()) expect(result.text).not.toContain(line);
      // Footnotes that repeat in shape at the foot of every page ("N See communication N …")
      // are footnotes, not footers.
      expect(result.text.match(/^\[\d+\] See communication/gm)?.length).toBe(15);
    });
  }

  it("keeps the paragraph number apart from its first word and the mark apart from the last", async () => {
    const { bytes } = await makeReport(unReportSpec(30));
    const { text } = await extract(bytes, "report.pdf");
    expect(text).toMatch(/^2\. Several of those/m);
    expect(text).toContain("four occasions.[1]");
    expect(text).not.toMatch(/occasions\.1\b|\.1 2\./);
  });

  it("joins hyphenated line ends by the document's own words: trafficking, FAA-approved", async () => {
    const { bytes } = await makeReport(unReportSpec(30, { columns: 2 }));
    const { text } = await extract(bytes, "report.pdf");
    expect(text).not.toMatch(/traf-|FAAapproved|disap- ?pearance|with-out/);
    expect(text.match(/FAA-approved/g)?.length).toBeGreaterThan(5);
  });

  it("drops overprinted (fake bold) duplicates", async () => {
    const { bytes, truth } = await makeReport(unReportSpec(30, { overprint: true }));
    const { text } = await extract(bytes, "report.pdf");
    expect(paragraphsOf(text)[0]).toBe(truth.pages[0]![0]);
  });

  it("removes no running lines from documents under 3 pages", async () => {
    const { bytes, truth } = await makeReport(unReportSpec(16));
    expect(truth.pages.length).toBe(2);
    const { text } = await extract(bytes, "short.pdf");
    for (const line of truth.running.flat()) expect(text).toContain(line);
  });
});

/** A PDF with the given lines per page (Helvetica 11, one line every 15 points from the top). */
async function simplePdf(pages: string[][]): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => {
      page.drawText(line, { x: 72, y: 800 - i * 15, size: 11, font });
    });
  }
  return new Uint8Array(await pdf.save());
}

describe("PDF layout: what is never removed", () => {
  it("never empties a page: pages of one similar line each are text, not a missing text layer", async () => {
    const bytes = await simplePdf([["Exhibit 1"], ["Exhibit 2"], ["Exhibit 3"]]);
    const result = await extract(bytes, "exhibits.pdf");
    expect(paragraphsOf(result.text)).toEqual(["Exhibit 1", "Exhibit 2", "Exhibit 3"]);
  });

  it("keeps body lines at the page edge whose numbers do not follow the page", async () => {
    const bytes = await simplePdf([
      ["Balance at 31 December 2021: 4,120", "Notes to the statement."],
      ["Balance at 31 December 2022: 5,300", "Notes to the statement, continued."],
      ["Balance at 31 December 2024: 2,950", "Final notes."],
    ]);
    const { text } = await extract(bytes, "statement.pdf");
    expect(text).toContain("Balance at 31 December 2021: 4,120");
    expect(text).toContain("Balance at 31 December 2024: 2,950");
  });
});

describe("PDF text layers that cannot be read", () => {
  it("refuses a layer of glyph codes read as punctuation as unreadable, asking for OCR", async () => {
    const junk = "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~ ".repeat(3);
    const bytes = await simplePdf([[junk, junk, junk]]);
    await expect(extract(bytes, "garbled.pdf")).rejects.toMatchObject({
      code: "document.unreadable_text_layer",
      message: "the PDF's text layer is unreadable; run OCR on it",
    });
  });

  it("tells unreadable layers from real text, tables of figures included", () => {
    expect(isUnreadable("\uE001\uE002\uE003 \uE004".repeat(20))).toBe(true);
    expect(isUnreadable("\u0001\u0002\u0003\uFFFD".repeat(20))).toBe(true);
    expect(isUnreadable("2021 4,120 5,300 | 2022 6,410 7,002 | ".repeat(5))).toBe(false);
    expect(isUnreadable("The Working Group received information on detentions.")).toBe(false);
    // Burmese and Devanagari are written with many combining marks: still text.
    expect(isUnreadable("မြန်မာနိုင်ငံ၏ လူ့အခွင့်အရေး အခြေအနေ ".repeat(3))).toBe(false);
    expect(isUnreadable("मानवाधिकार परिषद की रिपोर्ट ".repeat(3))).toBe(false);
  });
});

const line = (text: string, x: number, y: number, right: number): PdfLine => ({
  text,
  x,
  y,
  right,
  size: 10,
  lead: null,
  rtl: false,
});

describe("PDF layout as pure functions", () => {
  it("reads Arabic lines right to left, words in order", () => {
    // Three words placed from the right margin leftwards, as an RTL typesetter places them.
    const words = [
      "\u0627\u0644\u062D\u0642",
      "\u0641\u064A",
      "\u0627\u0644\u062D\u064A\u0627\u0629",
    ];
    const items = words.map((str, i) => ({
      str,
      x: 500 - (i + 1) * 40,
      y: 700,
      width: 35,
      size: 12,
    }));
    const [result] = linesOf(items.reverse());
    expect(result?.text).toBe(words.join(" "));
    expect(result?.rtl).toBe(true);
  });

  it("orders a row-ordered three-column page column by column", () => {
    const lines: PdfLine[] = [];
    for (let row = 0; row < 6; row++) {
      for (const [c, x] of [72, 242, 412].entries()) {
        lines.push(line(`c${c}r${row} words of the column text`, x, 700 - row * 12, x + 150));
      }
    }
    const blocks = readingOrder(lines, 595);
    expect(blocks.map((b) => b.lines.map((l) => l.text.slice(0, 4)).join(" "))).toEqual([
      "c0r0 c0r1 c0r2 c0r3 c0r4 c0r5",
      "c1r0 c1r1 c1r2 c1r3 c1r4 c1r5",
      "c2r0 c2r1 c2r2 c2r3 c2r4 c2r5",
    ]);
  });

  it("keeps words on one line apart when a leftward jump starts the next run", () => {
    const items = [
      { str: "Federal Register", x: 150, y: 700, width: 80, size: 10 },
      { str: "47699", x: 72, y: 700, width: 25, size: 10 },
    ];
    expect(readingOrder(linesOf(items), 595)[0]?.lines[0]?.text).toBe("47699 Federal Register");
  });

  it("checks a hyphen at a line end against the document's words", () => {
    const words = vocabularyOf(["FAA-approved staff", "the trafficking of", "re-entry"]);
    expect(joinLines("with FAA-", "approved staff", words)).toBe("with FAA-approved staff");
    expect(joinLines("the traf-", "ficking of", words)).toBe("the trafficking of");
    expect(joinLines("a re-", "entry ban", words)).toBe("a re-entry ban");
    expect(joinLines("a mis-", "take", words)).toBe("a mistake");
    expect(joinLines("the COVID-", "19 rules", words)).toBe("the COVID-19 rules");
    expect(joinLines("the Indo-", "Pacific", words)).toBe("the Indo-Pacific");
  });
});
