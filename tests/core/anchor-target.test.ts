import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { AnchorTarget, anchorFuzzy, contextOf, diffEnds, reanchorWith } from "@gloss/core/text";
import { describe, expect, it } from "vitest";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const WORDS =
  "the workers said recruiters promised wages contract passport debt police border factory boat night storeroom food guard village report witness interview camp ledger clinic road bus gate radio fire wall office month year cost journey agent company statement ministry denied freedom leave".split(
    " ",
  );

/** A report-like text of about `length` characters: random common words (mulberry32, seeded). */
function report(length: number): string {
  let a = 20261202;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const parts: string[] = [];
  for (let size = 0; size < length; ) {
    const words = Array.from(
      { length: 8 + Math.floor(next() * 12) },
      () => WORDS[Math.floor(next() * WORDS.length)],
    );
    const piece = `${words.join(" ")}.${next() < 0.15 ? "\n\n" : " "}`;
    parts.push(piece);
    size += piece.length;
  }
  return parts.join("");
}

/** A passage (one character changed) far from where it is expected: the seeded search finds it. */
function farQuote(text: string) {
  const start = text.indexOf(" ", 250_000) + 1;
  const end = start + 160;
  const exact = `${text.slice(start, start + 60)}X${text.slice(start + 61, end)}`;
  return { at: start, quote: { start: 0, end: 160, exact, ...contextOf(text, start, end) } };
}

describe("the per-text anchor target", () => {
  it("builds its seed index on first use, once, and answers as a plain text does", () => {
    const text = report(300_000);
    const target = new AnchorTarget(text);
    expect(target.indexed).toBe(false);
    const { at, quote } = farQuote(text);
    const viaTarget = anchorFuzzy(target, quote, 0);
    expect(target.indexed).toBe(true);
    const seeds = target.seeds();
    expect(anchorFuzzy(target, quote, 0)).toEqual(viaTarget);
    expect(target.seeds()).toBe(seeds);
    expect(anchorFuzzy(text, quote, 0)).toEqual(viaTarget);
    expect(viaTarget).toMatchObject({ start: at, end: at + 160, method: "fuzzy" });
    const change = diffEnds(text, text);
    expect(reanchorWith(change, target, { ...quote, start: viaTarget!.start })).not.toBeNull();
  });

  it("keeps no 5 MB text or its index alive once the anchoring is done", () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    (() => {
      // Built in pieces so the text is a flat string of its own, not a slice of a literal.
      const text = report(5_000_000);
      expect(anchorFuzzy(text, farQuote(text).quote, 0)).not.toBeNull();
    })();
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    // The text alone is ≥ 5 MB and its seed index several times that; a module-level cache kept
    // both until the next text came.
    expect(retained).toBeLessThan(4 * 2 ** 20);
  });
});
