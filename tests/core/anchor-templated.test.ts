import { seededRandom as random } from "@gloss/core/agreement";
import { anchorFuzzy, contextOf, reanchor } from "@gloss/core/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/**
 * Re-anchoring in templated text: witness statements, case lists, incident tables, where
 * sentences differ only in their numbers. Edit distance cannot tell "Witness x30 … passport
 * 237570" from "Witness x3000 … passport 237576"; a passage must come back on its own words or
 * as an orphan, never on the next statement. Seeded per run and printed; `GLOSS_FUZZ_SEED=<n>`
 * replays a failure.
 */
const SEED = Number(process.env.GLOSS_FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`templated anchor properties: GLOSS_FUZZ_SEED=${SEED}`);
const RUNS = 30;

// Witness ids that are prefixes of one another, as numbered series are (x3, x30, x300, x3000).
const WITNESSES = ["3", "30", "300", "3000", "31", "301", "13", "130"];

/**
 * Statements on a few templates. Every statement has its own case and passport number, and no
 * stretch of 16 characters lacks a digit, so two statements never share a passage of 20
 * characters with its context: telling them apart is possible, guessing is not needed.
 */
const TEMPLATES = [
  (w: string, c: number, p: number, d: number) =>
    `Witness x${w} (case ${c}) said guard ${d % 7} took passport ${p} on day ${d} at gate ${d % 5}.`,
  (w: string, c: number, p: number, d: number) =>
    `Case ${c}: witness x${w} saw ${d % 9} men held ${d} days, passport ${p} kept in room ${d % 4}.`,
  (w: string, c: number, p: number, d: number) =>
    `Witness x${w} (case ${c}) paid ${d * 10} dollars on day ${d}; passport ${p} was not returned.`,
];

/**
 * A templated record of at least `length` characters, paragraphs of one to three statements,
 * numbered from `first` (statements inserted by an edit get numbers of their own).
 */
function statements(seed: number, length: number, first = 0): string {
  const next = random(seed);
  const paragraphs: string[] = [];
  let size = 0;
  for (let n = 0; size < length; n++) {
    const count = 1 + Math.floor(next() * 3);
    const sentences: string[] = [];
    for (let k = 0; k < count; k++) {
      const i = first + n * 3 + k;
      const template = TEMPLATES[Math.floor(next() * TEMPLATES.length)]!;
      // Case and passport numbers are distinct per statement (a permutation of the index).
      const caseNo = 1000 + ((i * 7919) % 90_000);
      const passport = 200_000 + ((i * 104_729) % 700_000);
      sentences.push(
        template(WITNESSES[i % WITNESSES.length]!, caseNo, passport, 1 + Math.floor(next() * 28)),
      );
    }
    const paragraph = sentences.join(" ");
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  return paragraphs.join("\n\n");
}

function quoteAt(text: string, start: number, end: number) {
  return { start, end, exact: text.slice(start, end), ...contextOf(text, start, end) };
}

/** A few statements inserted or removed away from [from, to), the passage's offsets tracked. */
function editAround(text: string, from: number, to: number, seed: number) {
  const next = random(seed);
  let out = text;
  let start = from;
  let end = to;
  for (let k = 0; k < 1 + Math.floor(next() * 5); k++) {
    const before = next() < 0.5 && start > 200;
    // Edits land on paragraph breaks, so statements stay whole (templated records change so).
    const around = before
      ? Math.floor(next() * (start - 100))
      : end + Math.floor(next() * (out.length - end));
    const at = out.indexOf("\n\n", around);
    if (at === -1 || (before && at + 2 > start) || (!before && at < end)) continue;
    if (next() < 0.5) {
      const insert = `${statements(Math.floor(next() * 1e9), 100, 80_000 + k * 10).split("\n\n")[0]}\n\n`;
      out = out.slice(0, at + 2) + insert + out.slice(at + 2);
      if (before) {
        start += insert.length;
        end += insert.length;
      }
    } else {
      const next2 = out.indexOf("\n\n", at + 2);
      if (next2 === -1 || (before && next2 + 2 > start)) continue;
      const cut = next2 - at;
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

describe("re-anchoring in templated text (numbers tell statements apart)", () => {
  it("does not place a removed witness statement on its near-identical neighbour", () => {
    const x30 = "Witness x30 said the guard took his passport 237570 at the gate of block 4.";
    const x3000 = "Witness x3000 said the guard took his passport 237576 at the gate of block 4.";
    const oldText = [
      "Statements taken at the camp, March.",
      x3000,
      x30,
      "Witness x300 said the guard took his passport 237579 at the gate of block 4.",
    ].join("\n\n");
    const start = oldText.indexOf(x30);
    const quote = quoteAt(oldText, start, start + x30.length);
    // The statement is withdrawn from the new edition; its neighbours stay.
    const newText = oldText.replace(`${x30}\n\n`, "");
    expect(reanchor(oldText, newText, quote)).toBeNull();
    // Asked directly at the neighbour's position, the fuzzy step refuses it too.
    expect(anchorFuzzy(newText, quote, newText.indexOf(x3000))).toBeNull();
  });

  it("keeps a lightly reworded statement on its own words when its numbers agree", () => {
    const oldText = statements(5, 6_000);
    const sentence = oldText.split("\n\n")[10]!.split(". ")[0]!;
    const start = oldText.indexOf(sentence);
    const quote = quoteAt(oldText, start, start + sentence.length);
    const reworded = sentence.replace("Witness", "The witness").replace("said", "stated");
    const newText = oldText.replace(sentence, reworded);
    const match = reanchor(oldText, newText, quote);
    const at = newText.indexOf(reworded);
    expect(match).not.toBeNull();
    expect(overlap(match!, { start: at, end: at + reworded.length })).toBeGreaterThan(
      0.9 * (match!.end - match!.start),
    );
  });

  it("refuses a candidate whose number changed, in any script's digits", () => {
    const old =
      "Before.\n\nThe committee counted ٢٣٠٠ detainees in the northern camps that year.\n\nAfter.";
    const passage = "counted ٢٣٠٠ detainees in the northern camps";
    const start = old.indexOf(passage);
    const quote = quoteAt(old, start, start + passage.length);
    const changed = old.replace(
      "counted ٢٣٠٠ detainees in the",
      "counted ٢٤٠٠ detainees in all the",
    );
    expect(reanchor(old, changed, quote)).toBeNull();
    const reworded = old.replace(
      "counted ٢٣٠٠ detainees in the",
      "counted ٢٣٠٠ detainees in all the",
    );
    expect(reanchor(old, reworded, quote)).not.toBeNull();
  });

  const passage = fc.record({
    text: fc.integer({ min: 1, max: 2 ** 30 }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 20, max: 400 }),
    edits: fc.integer({ min: 1, max: 2 ** 30 }),
    change: fc.constantFrom("untouched", "reworded", "removed"),
    reword: fc.integer({ min: 1, max: 2 ** 30 }),
  });

  it("returns the true passage or nothing, on records over 100 KB", () => {
    fc.assert(
      fc.property(passage, (p) => {
        const oldText = statements(p.text, 100_000 + (p.text % 30_000));
        const start = Math.floor(p.at * (oldText.length - p.length));
        const end = start + p.length;
        const edited = editAround(oldText, start, end, p.edits);
        let newText = edited.text;
        if (p.change === "removed") {
          newText = newText.slice(0, edited.start) + newText.slice(edited.end);
        } else if (p.change === "reworded") {
          // A few letters changed inside the passage (digits left alone: the facts stay).
          const next = random(p.reword);
          const chars = newText.slice(edited.start, edited.end).split("");
          for (let k = 0; k < Math.max(1, Math.floor(chars.length / 25)); k++) {
            const i = Math.floor(next() * chars.length);
            if (/[a-z]/.test(chars[i]!)) chars[i] = chars[i] === "e" ? "a" : "e";
          }
          newText = newText.slice(0, edited.start) + chars.join("") + newText.slice(edited.end);
        }
        const match = reanchor(oldText, newText, quoteAt(oldText, start, end));
        if (p.change === "removed") {
          expect(match).toBeNull();
        } else if (match) {
          const truth = { start: edited.start, end: edited.end };
          if (p.change === "untouched") {
            expect({ start: match.start, end: match.end }).toEqual(truth);
          } else {
            expect(overlap(match, truth)).toBeGreaterThan(0.95 * (match.end - match.start));
          }
        }
        return true;
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);
});
