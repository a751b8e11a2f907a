import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodePointIndex } from "../../packages/core/src/export/offsets.ts";

/** UTF-16 offsets that do not split a surrogate pair, with their code point offsets. */
function boundaries(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [[0, 0]];
  let utf16 = 0;
  let codePoint = 0;
  for (const char of text) {
    utf16 += char.length;
    codePoint += 1;
    out.push([utf16, codePoint]);
  }
  return out;
}

describe("CodePointIndex", () => {
  it("counts an emoji as one code point and shifts later offsets by one", () => {
    const index = new CodePointIndex("a😀b");
    expect(index.length).toBe(3);
    expect(index.toCodePoint(3)).toBe(2);
    expect(index.toUtf16(2)).toBe(3);
  });

  it("agrees with the string's own code point iteration, both ways, on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const index = new CodePointIndex(text);
        const points = boundaries(text);
        expect(index.length).toBe(points[points.length - 1]![1]);
        for (const [utf16, codePoint] of points) {
          expect(index.toCodePoint(utf16)).toBe(codePoint);
          expect(index.toUtf16(codePoint)).toBe(utf16);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("treats a lone surrogate as one code point, as String iteration does", () => {
    const text = "x\ud800y\udc00z";
    const index = new CodePointIndex(text);
    expect(index.length).toBe([...text].length);
    expect(index.toCodePoint(text.length)).toBe([...text].length);
  });
});
