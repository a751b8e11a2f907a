import {
  CANONICAL_RULES,
  canonicalize,
  isCanonical,
  paragraphs,
  rulesOfText,
} from "@gloss/core/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// Golden cases for canonical text. Every offset of every stored annotation points into text made
// by these rules, so a change here is a data migration, not a refactor.
const golden: Array<[name: string, input: string, canonical: string]> = [
  ["keeps plain text as it is", "A single paragraph.", "A single paragraph."],
  ["drops a leading byte-order mark", "\uFEFFReport of the mission", "Report of the mission"],
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

// What changed between versions of the rules: each version's own golden cases. Version 1 stays
// as it was, since the offsets of every text stored before version 2 depend on it.
const byRules: Record<1 | 2, Array<[name: string, input: string, canonical: string]>> = {
  1: [
    ["keeps a byte-order mark that is not leading", "a\uFEFFb", "a\uFEFFb"],
    ["deletes a form feed", "ends here\fpage two", "ends herepage two"],
    ["keeps soft hyphens and zero-width spaces", "situa\u00ADtion\u200B", "situa\u00ADtion\u200B"],
  ],
  2: [
    [
      "makes a form feed (a page break) a paragraph break",
      "ends here\fpage two",
      "ends here\n\npage two",
    ],
    [
      "makes a vertical tab (Word's manual line break) a line break",
      "12 Main Street\vGeneva\n\nNext.",
      "12 Main Street\nGeneva\n\nNext.",
    ],
    ["removes soft hyphens", "situa\u00ADtion of mi\u00ADgrants", "situation of migrants"],
    [
      "removes zero-width spaces, word joiners and inner no-break BOMs",
      "hu\u200Bman\u2060 rights\uFEFF",
      "human rights",
    ],
    [
      "keeps zero-width non-joiners (Persian) and joiners",
      "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
      "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
    ],
  ],
};

describe("canonical text rules by version", () => {
  for (const rules of [1, 2] as const) {
    it.each(byRules[rules])(`version ${rules}: %s`, (_name, input, canonical) => {
      expect(canonicalize(input, rules)).toBe(canonical);
      expect(canonicalize(canonical, rules)).toBe(canonical);
    });
    it.each(golden)(`version ${rules} keeps the shared rule: %s`, (_name, input, canonical) => {
      expect(canonicalize(input, rules)).toBe(canonical);
    });
  }

  it("makes new texts with the newest rules", () => {
    expect(CANONICAL_RULES).toBe(2);
    expect(canonicalize("situa\u00ADtion")).toBe("situation");
  });

  it("recognises a stored text as canonical under the rules that made it", () => {
    const old = canonicalize("situa\u00ADtion", 1);
    expect(isCanonical(old)).toBe(true);
    expect(rulesOfText(old)).toBe(1);
    expect(rulesOfText("situation")).toBe(2);
    expect(isCanonical("a  \nb")).toBe(false);
    expect(rulesOfText("a\r\nb")).toBe(null);
  });
});

// Quadratic regular expressions (`/[ \t]+$/gm` took 21 s on 80 KB of spaces) stall every request
// of the process. The 2 s budget is hundreds of times what linear code takes (a few ms) so a loaded
// CI machine cannot trip it, and a tenth of what the quadratic code took on 80 KB.
describe("canonicalize on adversarial white space", () => {
  const within = (input: string, ms: number) => {
    const started = performance.now();
    canonicalize(input);
    canonicalize(input, 1);
    expect(performance.now() - started).toBeLessThan(ms);
  };

  it("canonicalises 80 KB of spaces in milliseconds", () => {
    within(" ".repeat(80_000), 2000);
    within(`x${" \t".repeat(40_000)}x`, 2000);
  });

  it("stays linear on generated white-space and Unicode inputs", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        " ",
        "\t",
        "\n",
        "\r\n",
        "\u2028",
        "\u2029",
        "\u00A0",
        "\f",
        "\v",
        "\u00AD",
        "\u200B",
        "\uFEFF",
        "e\u0301",
        "x",
      ),
      fc.string({ unit: "grapheme", maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4000 }),
        (pieces, times) => {
          const input = pieces.join("").repeat(times).slice(0, 120_000);
          within(input, 2000);
          const once = canonicalize(input);
          expect(canonicalize(once)).toBe(once);
        },
      ),
      { numRuns: 40 },
    );
  });
});

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
