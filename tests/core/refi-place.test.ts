import { describe, expect, it } from "vitest";
import { SourceText } from "../../packages/core/src/refi/place.ts";
import { cp } from "../exports/refi-fixtures.ts";

/** Places `quote` (its `nth` occurrence in `raw`, in code points) and returns the canonical cut. */
function placed(raw: string, quote: string, name = quote, nth = 0) {
  const text = new SourceText(raw);
  const { start, end } = cp(raw, quote, nth);
  const where = text.place(start, end, name);
  return "reason" in where
    ? where
    : { ...where, cut: text.canonical.slice(where.start, where.end) };
}

describe("placing a REFI selection in Gloss's canonical text", () => {
  it("converts code points to UTF-16 after astral characters", () => {
    const raw = "a 😀 b 𝒜 c the passage here";
    const at = raw.indexOf("the passage");
    expect(cp(raw, "the passage").start).toBe(at - 2);
    expect(placed(raw, "the passage")).toEqual({ start: at, end: at + 11, cut: "the passage" });
  });

  it("reads positions counted in UTF-16 units when the selection's name says so", () => {
    const raw = "😀😀😀 the broker said so";
    const at = raw.indexOf("the broker");
    const text = new SourceText(raw);
    expect(text.place(at, at + 10, "the broker")).toEqual({ start: at, end: at + 10 });
  });

  it("maps a passage after CR LF line breaks and NFD accents onto the canonical text", () => {
    const raw = "Cafe\u0301 one\r\n\r\nSecond  \r\n\r\n\r\nthe guards took it\r\n";
    const result = placed(raw, "the guards took it");
    expect(result).toMatchObject({ cut: "the guards took it" });
    const nfd = placed(raw, "Cafe\u0301 one", "");
    expect(nfd).toMatchObject({ cut: "Café one" });
  });

  it("follows line breaks doubled into paragraphs (one paragraph a line)", () => {
    const raw = "First line\nsecond line\nthird line";
    expect(placed(raw, "line\nsecond")).toMatchObject({ cut: "line\n\nsecond" });
  });

  it("refuses positions that cut other text than the selection's name", () => {
    const raw = "the broker promised work; the guards took every passport";
    const text = new SourceText(raw);
    const wrong = cp(raw, "the guards took");
    expect(text.place(wrong.start, wrong.end, "the broker promised")).toEqual({
      reason: expect.stringMatching(/is text of the source, but not the text at positions/),
    });
    // A name that is a label, not a quote, leaves the positions as they are.
    expect(text.place(wrong.start, wrong.end, "Segment 3")).toEqual(wrong);
  });

  it("refuses positions outside the text or reversed", () => {
    const text = new SourceText("short");
    expect(text.place(2, 99, "")).toEqual({
      reason: expect.stringMatching(/beyond the source's 5/),
    });
    expect(text.place(3, 3, "")).toEqual({ reason: expect.stringMatching(/not a range/) });
    expect(text.place(Number.NaN, 2, "")).toEqual({ reason: expect.stringMatching(/not a range/) });
  });
});
