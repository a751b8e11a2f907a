import { describe, expect, it } from "vitest";
import { findHits, foldText } from "../../packages/web/src/features/reader/find/findHits.ts";

const spans = (text: string, needle: string) =>
  findHits(foldText(text), needle).map((h) => text.slice(h.start, h.end));

describe("find in a document", () => {
  it("ignores case and diacritics and gives canonical offsets", () => {
    const text = "L'Armée a confisqué les passeports. l’armee, encore: ARMÉE.";
    expect(spans(text, "armee")).toEqual(["Armée", "armee", "ARMÉE"]);
    const [first] = findHits(foldText(text), "armee");
    expect(first).toEqual({ start: 2, end: 7 });
  });

  it("keeps a decomposed accent with its letter and finds across a wrapped line", () => {
    const text = "confisque\u0301 le\n  passport";
    expect(spans(text, "confisque")).toEqual(["confisque\u0301"]);
    expect(spans(text, "le passport")).toEqual(["le\n  passport"]);
  });

  it("finds overlapping occurrences and astral text, and nothing for an empty needle", () => {
    expect(spans("aaaa", "aa")).toEqual(["aa", "aa", "aa"]);
    expect(spans("a 😀 b 😀", "😀")).toEqual(["😀", "😀"]);
    expect(findHits(foldText("text"), "   ")).toEqual([]);
  });
});
