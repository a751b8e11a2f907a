import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvText, neutralise } from "../../packages/core/src/export/csv.ts";

/** Records split the way RFC 4180 and Python's csv module read them. */
const strictParse = (text: string): string[][] =>
  parse(text, {
    bom: true,
    relax_quotes: false,
    relax_column_count: false,
    record_delimiter: "\r\n",
  });

describe("the CSV writer", () => {
  it("quotes a field holding a bare LF, so the record stays one line for every reader", () => {
    const text = csvText([["first\n\nsecond", "plain"]]);
    expect(text).toBe('"first\n\nsecond",plain\r\n');
  });

  it("quotes fields with a bare CR, a CRLF, a comma or a double quote, doubling the quote", () => {
    expect(csvText([["a\rb", "c\r\nd", "e,f", 'say "hi"', "plain"]])).toBe(
      '"a\rb","c\r\nd","e,f","say ""hi""",plain\r\n',
    );
  });

  it("ends every record with CRLF and starts with a byte order mark only when asked", () => {
    expect(csvText([["a"], ["b"]])).toBe("a\r\nb\r\n");
    expect(csvText([["a"]], { bom: true })).toBe("\uFEFFa\r\n");
  });

  it("keeps numbers as numbers, unquoted and unguarded", () => {
    expect(csvText([[0, 12, 3.5]])).toBe("0,12,3.5\r\n");
  });

  it("guards every formula start, full-width ones and those behind a tab or CR included", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]) {
      expect(neutralise(`${start}1+1`), JSON.stringify(start)).toBe(`'${start}1+1`);
    }
    for (const safe of ["1+1", " =1", "'=1", "text", "", "“=1”"]) {
      expect(neutralise(safe), JSON.stringify(safe)).toBe(safe);
    }
  });

  it("never lets a line after a break start a row with a formula", () => {
    const note = "see source\n=cmd|' /C calc'!A0";
    const text = csvText([["ann_1", note, "@SUM(A1)"]]);
    // The only record boundary is the final CRLF: the formula stays inside the quoted note.
    expect(text.split("\r\n")).toEqual([`ann_1,"${note.replace(/"/g, '""')}",'@SUM(A1)`, ""]);
    expect(strictParse(text)).toEqual([["ann_1", note, "'@SUM(A1)"]]);
  });

  it("round-trips hostile text through a strict RFC 4180 reader", () => {
    const cells = [
      'Paragraph one.\n\nParagraph two, with “quotes” and "straight" ones',
      '=HYPERLINK("http://x")',
      "-5 dollars",
      "🙂 emoji and الشرطة احتجزت",
      "trailing space ",
      "",
      '"',
      "\n",
    ];
    const [record] = strictParse(csvText([cells]));
    expect(record).toEqual(cells.map(neutralise));
  });
});
