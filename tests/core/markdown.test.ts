import { describe, expect, it } from "vitest";
import { markdownToText } from "../../packages/core/src/ingest/markdown.ts";

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
