import { fold, matchQuery, parseQuery, wordsOf } from "@gloss/core/search";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/**
 * NEAR against a reference written the slow, obvious way: every pair of operand hits, the words
 * each overlaps found by looking at every word, the paragraph checked in the text itself, and
 * the smallest windows by comparing every span with every other. The engine's NEAR is written
 * for 10⁵ hits a side (typed arrays, a moving pointer); this holds it to the definition.
 */
const PARAGRAPH = "\u2029";
type Span = { from: number; to: number };

function reference(folded: string, left: Span[], right: Span[], distance: number): Span[] {
  const words = wordsOf({ text: folded });
  const covered = (h: Span) => {
    const inside: number[] = [];
    for (let i = 0; i < words.starts.length; i++) {
      if (words.starts[i]! < h.to && words.ends[i]! > h.from) inside.push(i);
    }
    return inside.length ? { first: inside[0]!, last: inside[inside.length - 1]! } : null;
  };
  const spans: Span[] = [];
  for (const a of left) {
    for (const b of right) {
      const sa = covered(a);
      const sb = covered(b);
      if (!sa || !sb) continue;
      const gap = sa.last < sb.first ? sb.first - sa.last : sa.first - sb.last;
      if (gap < 1 || gap > distance) continue;
      const from = Math.min(a.from, b.from);
      const to = Math.max(a.to, b.to);
      if (folded.slice(from + 1, to).includes(PARAGRAPH)) continue;
      spans.push({ from, to });
    }
  }
  const distinct = [...new Map(spans.map((s) => [`${s.from}-${s.to}`, s])).values()];
  const smallest = distinct.filter(
    (s) => !distinct.some((o) => o !== s && o.from >= s.from && o.to <= s.to),
  );
  return smallest.sort((x, y) => x.from - y.from || x.to - y.to);
}

const VOCABULARY = ["passport", "papers", "seized", "pass", "l'passport", "passport's", "a", "b"];
const SEPARATORS = [" ", "  ", "\n", "\n\n", ", ", " — "];

describe("NEAR", () => {
  it("finds exactly the smallest windows of the definition, on generated texts", () => {
    const text = fc
      .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(...SEPARATORS)), {
        maxLength: 60,
      })
      .map((parts) => parts.map(([w, s]) => w + s).join(""));
    const term = fc.constantFrom("passport", "pass", "seized", "papers", "a", "b");
    fc.assert(
      fc.property(
        text,
        term,
        term,
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (t, x, y, n, ww) => {
          const folded = fold(t, { caseSensitive: false });
          let words: ReturnType<typeof wordsOf> | null = null;
          const matchable = { folded, words: () => (words ??= wordsOf(folded)) };
          const options = { caseSensitive: false, wholeWord: ww };
          const left = matchQuery(matchable, parseQuery(x), options);
          const right = matchQuery(matchable, parseQuery(y), options);
          const got = matchQuery(matchable, parseQuery(`${x} NEAR/${n} ${y}`), options);
          expect(got).toEqual(reference(folded.text, left, right, n));
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
