import { describe, expect, it } from "vitest";
import { anchorSelectors, CodePointIndex } from "../../packages/core/src/export/index.ts";

const TEXT = [
  "Workers 🙂 said the broker took their passports on arrival.",
  "Guards locked the dormitory at night.",
  "A survivor said the broker took their passports too.",
].join("\n\n");
const index = new CodePointIndex(TEXT);
const at = (quote: string, from = 0) => TEXT.indexOf(quote, from);

describe("placing an imported passage", () => {
  it("reads a position in code points, as the W3C model counts", () => {
    const start = at("said the broker");
    // One emoji before: the code point position is one less than the UTF-16 one.
    const placed = anchorSelectors(
      index,
      { exact: "said the broker" },
      { start: start - 1, end: start - 1 + 15 },
    );
    expect(placed).toEqual({ start, end: start + 15, method: "position" });
  });

  it("reads a position in UTF-16 units when that is what gives the quote (Recogito)", () => {
    const start = at("said the broker");
    const placed = anchorSelectors(index, { exact: "said the broker" }, { start, end: start + 15 });
    expect(placed).toEqual({ start, end: start + 15, method: "position" });
  });

  it("finds the quote whose context agrees when the position is off, whitespace differences and all", () => {
    const second = at("said the broker took their passports", at("A survivor"));
    const placed = anchorSelectors(
      index,
      {
        exact: "said the broker took their passports",
        prefix: "night.\n   A survivor ",
        suffix: " too.",
      },
      { start: 900, end: 936 },
    );
    expect(placed).toMatchObject({ start: second, end: second + 36 });
  });

  it("finds a quote whose own line breaks differ from the text", () => {
    const start = at("at night.");
    const placed = anchorSelectors(index, { exact: "at night.\n      A survivor" }, null);
    expect(placed).toEqual({
      start,
      end: start + "at night.\n\nA survivor".length,
      method: "quote",
    });
  });

  it("refuses a quote found in two places with nothing to choose by", () => {
    expect(anchorSelectors(index, { exact: "said the broker took their passports" }, null)).toEqual(
      {
        reason: "quote_ambiguous",
      },
    );
  });

  it("refuses a short quote whose given context disagrees, rather than guess", () => {
    expect(
      anchorSelectors(
        index,
        { exact: "Guards", prefix: "In the harbour the ", suffix: " sold them" },
        null,
      ),
    ).toEqual({ reason: "quote_not_found" });
  });

  it("takes a reworded quote through re-anchoring's fuzzy step when its context agrees", () => {
    const start = at("Guards locked the dormitory");
    const placed = anchorSelectors(
      index,
      {
        exact: "Guards locked the dormitories",
        prefix: "passports on arrival.\n\n",
        suffix: " at night.",
      },
      null,
    );
    expect(placed).toMatchObject({ start, method: "fuzzy" });
  });

  it("says so when there is nothing to place by", () => {
    expect(anchorSelectors(index, null, null)).toEqual({ reason: "no_selector" });
    expect(anchorSelectors(index, null, { start: 5000, end: 5010 })).toEqual({
      reason: "position_out_of_range",
    });
  });
});
