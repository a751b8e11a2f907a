import { contextNumbersAgree } from "./numbers.ts";
import type { AnchorQuote, Match } from "./types.ts";

/**
 * An exact quote found again is accepted when its surroundings agree at least this much (share of
 * prefix + suffix characters that still match, from the quote outwards): 0.25 is 16 of 64
 * characters, more than chance agreement (a space, a full stop) yet less than a rewritten
 * neighbouring sentence leaves.
 */
export const MIN_EXACT_CONTEXT = 0.25;

/**
 * A quote this long that occurs exactly once is specific enough on its own, whatever its
 * surroundings became (a paragraph moved to another section). Shorter quotes ("forced labour")
 * recur in unrelated places and need their context.
 */
export const UNIQUE_QUOTE_LENGTH = 24;

/** Characters in common at the end of `a` and `b`. */
function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Characters in common at the start of `a` and `b`. */
function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Share of the context that still agrees exactly, reading outwards from the quote. */
function exactContextScore(text: string, quote: AnchorQuote, start: number, end: number): number {
  const total = quote.prefix.length + quote.suffix.length;
  if (total === 0) return 1;
  const before = text.slice(Math.max(0, start - quote.prefix.length), start);
  const after = text.slice(end, end + quote.suffix.length);
  return (
    (commonSuffixLength(quote.prefix, before) + commonPrefixLength(quote.suffix, after)) / total
  );
}

/**
 * Step 2, exact quote: every occurrence of the quote in the new text; the one whose context agrees
 * best wins, the nearest to the expected position among equals. Accepted when its context agrees
 * enough, or when the quote is long and occurs only once. An occurrence accepted on its context
 * must also have the old context's nearest numbers (numbers.ts): in templated text the words
 * around every copy agree up to the number that tells the statements apart.
 */
export function anchorByQuote(text: string, quote: AnchorQuote, expected: number): Match | null {
  if (quote.exact.length === 0) return null;
  let best: { start: number; context: number; distance: number } | null = null;
  let occurrences = 0;
  let first = -1;
  for (let at = text.indexOf(quote.exact); at !== -1; at = text.indexOf(quote.exact, at + 1)) {
    occurrences++;
    if (first === -1) first = at;
    if (!contextNumbersAgree(text, quote, at, at + quote.exact.length)) continue;
    const context = exactContextScore(text, quote, at, at + quote.exact.length);
    const distance = Math.abs(at - expected);
    if (!best || context > best.context || (context === best.context && distance < best.distance)) {
      best = { start: at, context, distance };
    }
  }
  const unique = occurrences === 1 && quote.exact.length >= UNIQUE_QUOTE_LENGTH;
  // A long quote found once is its own evidence, whatever numbers changed around it.
  if (!best && unique) best = { start: first, context: 0, distance: 0 };
  if (!best) return null;
  if (best.context < MIN_EXACT_CONTEXT && !unique) return null;
  return {
    start: best.start,
    end: best.start + quote.exact.length,
    // An exact quote with agreeing context is nearly as sure as an unchanged region.
    score: 0.9 + 0.1 * best.context,
    method: "quote",
  };
}
