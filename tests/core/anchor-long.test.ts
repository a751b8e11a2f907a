import { seededRandom as random } from "@gloss/core/agreement";
import { anchorFuzzy, contextOf, MAX_FUZZY_ERRORS, reanchor } from "@gloss/core/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/**
 * Re-anchoring on long texts (≥ 100 KB, the size of a real report), as properties: whatever the
 * edits, a passage comes back on its own words or as an orphan, never on another place. Seeded
 * per run and printed; `GLOSS_FUZZ_SEED=<n>` replays a failure.
 */
const SEED = Number(process.env.GLOSS_FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`anchor properties: GLOSS_FUZZ_SEED=${SEED}`);
const RUNS = 25;

const WORDS =
  "the workers said recruiters promised wages contract passport debt police border factory boat night storeroom food guard village report witness interview camp ledger clinic road bus gate radio fire wall office month year cost journey agent company statement ministry denied freedom leave target daily locked detained charged entry".split(
    " ",
  );

/** A report-like text of at least `length` characters: sentences of common words, paragraphs. */
function report(seed: number, length: number): string {
  const next = random(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const words = Array.from(
      { length: 6 + Math.floor(next() * 14) },
      () => WORDS[Math.floor(next() * WORDS.length)]!,
    );
    const sentence = `${words.join(" ")}${next() < 0.2 ? ` ${Math.floor(next() * 10_000)}` : ""}.`;
    const piece = next() < 0.15 ? `${sentence}\n\n` : `${sentence} `;
    parts.push(piece);
    size += piece.length;
  }
  return parts.join("").trimEnd();
}

function quoteAt(text: string, start: number, end: number) {
  return { start, end, exact: text.slice(start, end), ...contextOf(text, start, end) };
}

/** Edits outside [from, to): a few insertions and deletions elsewhere, positions tracked. */
function editAround(text: string, from: number, to: number, seed: number) {
  const next = random(seed);
  let out = text;
  let start = from;
  let end = to;
  for (let k = 0; k < 1 + Math.floor(next() * 6); k++) {
    const insert = report(Math.floor(next() * 1e9), 20 + Math.floor(next() * 400));
    const before = next() < 0.5 && start > 0;
    const at = before ? Math.floor(next() * start) : end + Math.floor(next() * (out.length - end));
    if (next() < 0.5) {
      out = `${out.slice(0, at)}${insert} ${out.slice(at)}`;
      if (before) {
        start += insert.length + 1;
        end += insert.length + 1;
      }
    } else {
      const limit = before ? start - at : out.length - at;
      const cut = Math.min(limit, Math.floor(next() * 300));
      out = out.slice(0, at) + out.slice(at + cut);
      if (before) {
        start -= cut;
        end -= cut;
      }
    }
  }
  return { text: out, start, end };
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

describe("re-anchoring on texts over 100 KB", () => {
  const passage = fc.record({
    text: fc.integer({ min: 1, max: 2 ** 30 }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.oneof(fc.integer({ min: 20, max: 200 }), fc.integer({ min: 200, max: 4_000 })),
    edits: fc.integer({ min: 1, max: 2 ** 30 }),
  });

  it("finds an untouched passage exactly where the edits elsewhere moved it", () => {
    fc.assert(
      fc.property(passage, ({ text: seed, at, length, edits }) => {
        const oldText = report(seed, 100_000 + (seed % 50_000));
        const start = Math.floor(at * (oldText.length - length));
        const end = start + length;
        const edited = editAround(oldText, start, end, edits);
        const match = reanchor(oldText, edited.text, quoteAt(oldText, start, end));
        if (match)
          expect({ start: match.start, end: match.end }).toEqual({
            start: edited.start,
            end: edited.end,
          });
        return true;
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);

  it("places a lightly reworded passage on its own words or orphans it, never elsewhere", () => {
    fc.assert(
      fc.property(passage, fc.integer({ min: 1, max: 2 ** 30 }), (p, rewordSeed) => {
        const oldText = report(p.text, 100_000 + (p.text % 50_000));
        const start = Math.floor(p.at * (oldText.length - p.length));
        const end = start + p.length;
        const edited = editAround(oldText, start, end, p.edits);
        // Replace a few characters inside the passage (about 5 %).
        const next = random(rewordSeed);
        const chars = edited.text.slice(edited.start, edited.end).split("");
        for (let k = 0; k < Math.max(1, Math.floor(chars.length / 20)); k++) {
          chars[Math.floor(next() * chars.length)] = "x";
        }
        const newText =
          edited.text.slice(0, edited.start) + chars.join("") + edited.text.slice(edited.end);
        const match = reanchor(oldText, newText, quoteAt(oldText, start, end));
        if (match) {
          // The span shown is the passage's own words: (nearly) all of it inside the passage.
          // (It may be a part of a long, much-edited passage: see anchorByParts.)
          const truth = { start: edited.start, end: edited.end };
          expect(overlap(match, truth)).toBeGreaterThan(0.95 * (match.end - match.start));
        }
        return true;
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  }, 120_000);

  it("orphans a passage that was removed, rather than placing it on other words", () => {
    fc.assert(
      fc.property(passage, ({ text: seed, at, length, edits }) => {
        const oldText = report(seed, 100_000 + (seed % 50_000));
        const start = Math.floor(at * (oldText.length - length));
        const end = start + length;
        const edited = editAround(oldText, start, end, edits);
        const newText = edited.text.slice(0, edited.start) + edited.text.slice(edited.end);
        expect(reanchor(oldText, newText, quoteAt(oldText, start, end))).toBeNull();
        return true;
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  }, 120_000);

  it("bounds the errors a 4,000-character quote may have, so refinement stays small", () => {
    const text = report(11, 120_000);
    const start = 50_000;
    const quote = quoteAt(text, start, start + 4_000);
    // 300 edits spread over the passage: more than the cap, so no fuzzy match may accept it.
    const chars = text.split("");
    for (let k = 0; k < 300; k++) chars[start + 13 * k + 1] = "#";
    const reworded = chars.join("");
    const before = process.memoryUsage().arrayBuffers;
    const match = anchorFuzzy(reworded, quote, start);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect(match).toBeNull();
    expect(MAX_FUZZY_ERRORS).toBeLessThanOrEqual(256);
    // Within the cap, the passage is still found on its own words.
    const light = text.split("");
    for (let k = 0; k < 100; k++) light[start + 37 * k + 1] = "#";
    const found = anchorFuzzy(light.join(""), quote, start);
    expect(found).not.toBeNull();
    expect(overlap(found!, { start, end: start + 4_000 })).toBeGreaterThan(3_900);
  });
});
