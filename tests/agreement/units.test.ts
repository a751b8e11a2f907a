import {
  CharacterCounter,
  type DocumentCoding,
  krippendorffAlpha,
  paragraphs,
  sentences,
  unitsForCode,
} from "@gloss/core/agreement";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const slices = (text: string, spans: { start: number; end: number }[]) =>
  spans.map((s) => text.slice(s.start, s.end));

describe("units of a text", () => {
  it("counts an astral character once", () => {
    const text = "a😀b𠀋c";
    const counter = new CharacterCounter(text);
    expect(text.length).toBe(7);
    expect(counter.count(0, text.length)).toBe(5);
    expect(counter.count(1, 3)).toBe(1);
    expect(counter.count(3, 7)).toBe(3);
  });

  it("splits sentences at exact UTF-16 offsets, astral characters included", () => {
    const text = "Workers 😀 were detained. Were they paid? No.";
    const spans = sentences(text);
    expect(slices(text, spans)).toEqual(["Workers 😀 were detained.", "Were they paid?", "No."]);
    expect(spans[1]!.start).toBe(text.indexOf("Were"));
  });

  it("splits paragraphs on line breaks and drops blank lines", () => {
    const text = "First 𠀋 para.\n\n  Second para.  \nThird.";
    expect(slices(text, paragraphs(text))).toEqual(["First 𠀋 para.", "Second para.", "Third."]);
  });
});

describe("coded units", () => {
  const text = "One two three. Four five six. Seven.";
  const second = { start: text.indexOf("Four"), end: text.indexOf("Seven") - 1 };
  const doc = (passages: DocumentCoding["passages"]): DocumentCoding => ({
    text,
    passages,
    judgedBy: ["a", "b"],
  });

  it("counts a sentence as coded when the passage covers the chosen share of it", () => {
    const half = { start: second.start, end: second.start + 8 }; // "Four fiv" of "Four five six."
    const d = doc([
      { coder: "a", tags: ["x"], ...second },
      { coder: "b", tags: ["x"], ...half },
    ]);
    const loose = unitsForCode(d, "x", ["a", "b"], { granularity: "sentence", overlap: 0.5 });
    const strict = unitsForCode(d, "x", ["a", "b"], { granularity: "sentence", overlap: 0.9 });
    expect(loose.map((u) => u.values)).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
    expect(strict.map((u) => u.values)).toEqual([
      [0, 0],
      [1, 0],
      [0, 0],
    ]);
  });

  it("only counts passages with the code", () => {
    const d = doc([{ coder: "a", tags: ["y"], ...second }]);
    const units = unitsForCode(d, "x", ["a", "b"], { granularity: "sentence", overlap: 0.5 });
    expect(units.every((u) => u.values.every((v) => v === 0))).toBe(true);
  });

  it("marks coders who did not judge the document as missing", () => {
    const d = { ...doc([]), judgedBy: ["a"] };
    const units = unitsForCode(d, "x", ["a", "b"], { granularity: "paragraph", overlap: 0.5 });
    expect(units.map((u) => u.values)).toEqual([[0, null]]);
  });

  it("weights character runs by characters, so astral characters count once", () => {
    const t = "😀😀abc";
    const d: DocumentCoding = {
      text: t,
      passages: [{ coder: "a", tags: ["x"], start: 0, end: 4 }],
      judgedBy: ["a", "b"],
    };
    const runs = unitsForCode(d, "x", ["a", "b"], { granularity: "character", overlap: 0.5 });
    expect(runs).toEqual([
      { values: [1, 0], weight: 2 },
      { values: [0, 0], weight: 3 },
    ]);
  });

  it("gives the same α from character runs as from one unit per character", () => {
    const passage = fc.record({
      coder: fc.constantFrom("a", "b", "c"),
      start: fc.integer({ min: 0, max: 60 }),
      length: fc.integer({ min: 1, max: 25 }),
    });
    fc.assert(
      fc.property(fc.array(passage, { maxLength: 12 }), (raw) => {
        const t = "x".repeat(70);
        const passages = raw.map((p) => ({
          coder: p.coder,
          tags: ["x"],
          start: p.start,
          end: p.start + p.length,
        }));
        const d: DocumentCoding = { text: t, passages, judgedBy: ["a", "b", "c"] };
        const coders = ["a", "b", "c"];
        const runs = unitsForCode(d, "x", coders, { granularity: "character", overlap: 0.5 });
        const perCharacter = Array.from({ length: t.length }, (_, i) => ({
          values: coders.map((c) =>
            passages.some((p) => p.coder === c && p.start <= i && i < p.end) ? 1 : 0,
          ),
        }));
        const a = krippendorffAlpha({ coders: 3, units: runs }).value;
        const b = krippendorffAlpha({ coders: 3, units: perCharacter }).value;
        if (a === null || b === null) return a === b;
        return Math.abs(a - b) < 1e-12;
      }),
    );
  });
});
