import { canonicalize, paragraphs } from "@gloss/core/text";
import { describe, expect, it } from "vitest";

// Golden cases for canonical text. Every offset of every stored annotation points into text made
// by these rules, so a change here is a data migration, not a refactor.
const golden: Array<[name: string, input: string, canonical: string]> = [
  ["keeps plain text as it is", "A single paragraph.", "A single paragraph."],
  ["drops a leading byte-order mark", "\uFEFFReport of the mission", "Report of the mission"],
  ["keeps a byte-order mark that is not leading", "a\uFEFFb", "a\uFEFFb"],
  ["turns CRLF into LF", "First.\r\n\r\nSecond.", "First.\n\nSecond."],
  ["turns a lone CR into LF", "First.\r\rSecond.", "First.\n\nSecond."],
  ["turns NEL into LF", "Verse one,\u0085verse two.\n\nNext.", "Verse one,\nverse two.\n\nNext."],
  [
    "turns LINE SEPARATOR into a line break",
    "Line one\u2028line two\n\nNext paragraph",
    "Line one\nline two\n\nNext paragraph",
  ],
  ["turns PARAGRAPH SEPARATOR into a blank line", "Para one\u2029Para two", "Para one\n\nPara two"],
  ["composes combining accents (NFC)", "Jose\u0301 and Ame\u0301lie", "Jos\u00e9 and Am\u00e9lie"],
  ["maps singletons to their NFC form", "10 \u212B", "10 \u00C5"],
  ["keeps compatibility characters (NFC, not NFKC)", "\uFB01nal \u00BD", "\uFB01nal \u00BD"],
  [
    "keeps emoji and their joiners",
    "Judge \u{1F469}\u{1F3FD}\u200D\u2696\uFE0F",
    "Judge \u{1F469}\u{1F3FD}\u200D\u2696\uFE0F",
  ],
  ["removes NUL and other C0 controls but keeps tabs", "a\u0000b\u0007c\u001Bd\te", "abcd\te"],
  ["removes DEL and C1 controls", "a\u007Fb\u0080c\u009Fd", "abcd"],
  [
    "removes trailing spaces and tabs on every line",
    "One.  \t\n\nTwo. \nthree.\t",
    "One.\n\nTwo.\nthree.",
  ],
  ["keeps leading indentation", "Title\n\n    indented quote", "Title\n\n    indented quote"],
  [
    "collapses three or more newlines to one blank line",
    "A.\n\n\n\n\nB.\n\n\nC.",
    "A.\n\nB.\n\nC.",
  ],
  ["collapses blank lines made only of spaces", "A.\n   \n \t \nB.", "A.\n\nB."],
  ["removes leading and trailing blank lines", "\n\n\nBody.\n\n\n", "Body."],
  [
    "makes each line a paragraph when the text has no blank line",
    "First paragraph.\nSecond paragraph.\nThird paragraph.",
    "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.",
  ],
  [
    "does so for CRLF text pasted one paragraph per line",
    "First paragraph.\r\nSecond paragraph.\r\n",
    "First paragraph.\n\nSecond paragraph.",
  ],
  [
    "keeps single line breaks inside paragraphs when the text has blank lines",
    "Roses are red,\nviolets are blue.\n\nSecond stanza,\nline two.",
    "Roses are red,\nviolets are blue.\n\nSecond stanza,\nline two.",
  ],
  ["reduces whitespace-only text to nothing", " \r\n\t\n  \u0000 ", ""],
  ["keeps empty text empty", "", ""],
];

describe("canonicalize", () => {
  it.each(golden)("%s", (_name, input, canonical) => {
    expect(canonicalize(input)).toBe(canonical);
  });

  it.each(golden)("is idempotent: %s", (_name, input) => {
    const once = canonicalize(input);
    expect(canonicalize(once)).toBe(once);
  });

  it.each(golden)("produces only LF, NFC, and no blank-line runs: %s", (_name, input) => {
    const text = canonicalize(input);
    expect(text).not.toMatch(/\r|\u2028|\u2029|\n{3,}|[ \t]$/m);
    expect(text).toBe(text.normalize("NFC"));
  });
});

describe("paragraphs", () => {
  it("returns the ranges between blank lines", () => {
    const text = "One.\n\nTwo, line a\nline b.\n\nThree.";
    const ranges = paragraphs(text);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual([
      "One.",
      "Two, line a\nline b.",
      "Three.",
    ]);
  });

  it("returns nothing for empty text", () => {
    expect(paragraphs("")).toEqual([]);
  });
});
