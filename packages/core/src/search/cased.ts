import { foldCodePoint } from "./fold.ts";
import type { PreparedText } from "./prepared.ts";

/**
 * The case-sensitive folding of a text, derived from its stored case-insensitive preparation
 * instead of folded again (0.1–0.3 s/MB) and segmented again (far more).
 *
 * Why this is exact: folding treats every code point alone (fold.ts), and case decides only one
 * step of it, `toLowerCase()`. So the two foldings differ only at the code points that change
 * when lower-cased (`\p{Changes_When_Lowercased}`, which is exactly the set where
 * `toLowerCase()` changes a code point: tests/search/cased.test.ts checks every code point), and
 * there only in the letters themselves. Where each such letter folds to as many units in case as
 * without (all of them under today's rules: "İ" lower-cases to two units but folds to one "I" or
 * "i"; the test folds every code point with case both ways), the lengths, hence the origin map,
 * are the same, and so are the words: ICU's word boundaries do not depend on case (checked by the
 * same test over every such code point in context). The case-sensitive folding is then the stored
 * text with those letters put back in case, with the stored runs and words.
 *
 * Null when a letter folds to another length in case, or the preparation does not hold the letter
 * where the text says (not this text's): the caller then folds in process.
 */
const CHANGES_WHEN_LOWERCASED = /\p{Changes_When_Lowercased}/gu;

export function casedText(canonical: string, prepared: PreparedText): string | null {
  const { text: loose, runs } = prepared;
  const pieces: string[] = [];
  let copied = 0;
  let r = 0;
  const runEnd = (run: number) =>
    runs.canonical[run]! +
    ((run + 1 < runs.folded.length ? runs.folded[run + 1]! : runs.length) - runs.folded[run]!);
  for (const match of canonical.matchAll(CHANGES_WHEN_LOWERCASED)) {
    const at = match.index;
    const cp = match[0];
    // A letter with case is never a mark, so what precedes it does not change its folding.
    const inCase = foldCodePoint(cp, true, false);
    const lowered = foldCodePoint(cp, false, false);
    if (inCase === lowered) continue;
    if (inCase.length !== lowered.length) return null;
    // The first run holding a unit that came from `at` (matches come in text order).
    while (r < runs.folded.length && runEnd(r) <= at) r++;
    if (r === runs.folded.length || runs.canonical[r]! > at) return null;
    const k = runs.folded[r]! + (at - runs.canonical[r]!);
    if (loose.slice(k, k + lowered.length) !== lowered) return null;
    pieces.push(loose.slice(copied, k), inCase);
    copied = k + inCase.length;
  }
  pieces.push(loose.slice(copied));
  return pieces.join("");
}
