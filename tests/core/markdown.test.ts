import fc from "fast-check";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { type DomNode, paragraphsOf } from "../../packages/core/src/ingest/blocks.ts";
import { markdownTitle, markdownToText } from "../../packages/core/src/ingest/markdown.ts";

const GOLDEN: Array<[string, string, string]> = [
  ["heading", "# Below deck\n\nText.", "Below deck\n\nText."],
  ["closed heading", "## Findings ##", "Findings"],
  [
    "emphasis",
    "Wages were **withheld** for *nine* months.",
    "Wages were withheld for nine months.",
  ],
  ["underscores in words survive", "see file_name and a_b_c", "see file_name and a_b_c"],
  ["multiplication survives", "2 * 3 * 4", "2 * 3 * 4"],
  ["link", "Read the [OHCHR report](https://ohchr.org/x) now.", "Read the OHCHR report now."],
  ["image", "![Map of the compound](map.png)", "Map of the compound"],
  ["inline code", "Run `npm start` first.", "Run npm start first."],
  ["block quote", "> They are victims.\n> Not criminals.", "They are victims.\nNot criminals."],
  ["lists keep their markers", "- one\n- two\n1. first", "- one\n- two\n1. first"],
  ["fenced code is kept, fences dropped", "```\nraw *text*\n```", "raw *text*"],
  ["thematic break", "Above\n\n---\n\nBelow", "Above\n\n\n\nBelow"],
  ["strikethrough", "~~old~~ new", "old new"],
];

describe("markdownToText", () => {
  for (const [name, input, expected] of GOLDEN) {
    it(name, () => expect(markdownToText(input)).toBe(expected));
  }
});

describe("markdown links and headings", () => {
  it("keeps a link's text whatever its target, parentheses and all", () => {
    expect(markdownToText("Click [the report](javascript:alert(1)) now.")).toBe(
      "Click the report now.",
    );
    expect(markdownToText("See [Geneva](https://en.wikipedia.org/wiki/Geneva_(city)).")).toBe(
      "See Geneva.",
    );
    expect(markdownToText("![map](data:image/png;base64,AA(B)) left")).toBe("map left");
  });

  it("keeps a # that is part of the heading's text", () => {
    expect(markdownToText("# Notes on C#")).toBe("Notes on C#");
    expect(markdownToText("Call #5 stays #")).toBe("Call #5 stays #");
  });

  it("titles a document by its first heading, closing hashes off", () => {
    expect(markdownTitle("intro\n\n#   Findings of the mission ##  \n\n# Second")).toBe(
      "Findings of the mission",
    );
    expect(markdownTitle("no heading here")).toBe(null);
  });
});

// `\s+#+\s*$` and `[\s\u2028]+$` retried from every blank of a long run that does not end the
// line: quadratic. The 2 s budget is hundreds of times what linear code takes
// and a tenth of the old times, so machine load cannot trip it.
describe("markdown and HTML paragraphs on adversarial white space", () => {
  const within = (run: () => unknown, ms: number) => {
    const started = performance.now();
    run();
    expect(performance.now() - started).toBeLessThan(ms);
  };

  it("reads 80 KB of spaces in headings and lines in milliseconds", () => {
    const spaces = " ".repeat(80_000);
    within(() => markdownToText(`# a${spaces}x\n${spaces}#x\n[${"[".repeat(40_000)}`), 2000);
    within(() => markdownTitle(`# a${spaces}x`), 2000);
  });

  it("collapses 80 KB of line breaks and spaces inside an HTML paragraph in milliseconds", () => {
    const { document } = parseHTML(
      `<html><body><p>a${"<br> ".repeat(20_000)}b</p><pre>x${" \n".repeat(40_000)}y</pre></body></html>`,
    );
    let result: string[] = [];
    within(() => {
      result = paragraphsOf(document.body as unknown as DomNode);
    }, 2000);
    expect(result[0]?.startsWith("a\u2028")).toBe(true);
  });

  it("stays linear on generated white-space and Unicode lines", () => {
    const piece = fc.oneof(
      fc.constantFrom(" ", "\t", "#", "\u2028", "\u00A0", "[", "](", ")", "x"),
      fc.string({ unit: "grapheme", maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 4000 }),
        (pieces, times) => {
          const line = pieces.join("").repeat(times).slice(0, 60_000);
          within(() => {
            markdownToText(`# ${line}`);
            markdownToText(line);
            markdownTitle(`# ${line}`);
          }, 2000);
        },
      ),
      { numRuns: 30 },
    );
  });
});
