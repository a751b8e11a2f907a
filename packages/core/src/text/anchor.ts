import search from "approx-string-match";

/**
 * Re-anchoring: finding where a passage annotated in one version of a text lies in the next.
 * Pure functions, tried from precise to fuzzy; the first that is confident wins, and when none is,
 * the answer is `null` (the annotation becomes "orphaned"). Attaching a note to the wrong passage
 * is worse than losing its place, so every threshold below leans towards `null`.
 */

/** Where a passage was: a W3C TextPositionSelector + TextQuoteSelector in the old text. */
export interface AnchorQuote {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Match {
  start: number;
  end: number;
  /** 0…1, how sure the match is; 1 for an unchanged region. */
  score: number;
  /** Which step placed it: the unchanged text around it, the exact quote, or fuzzy matching. */
  method: "position" | "quote" | "fuzzy";
}

/** The unchanged head and tail of two texts: a one-edit-region diff, linear time. */
export interface TextChange {
  /** Length of the common prefix. */
  head: number;
  /** Length of the common suffix (not overlapping the head in either text). */
  tail: number;
  oldLength: number;
  newLength: number;
}

/** Common head and tail of two texts; everything between them counts as changed. */
export function diffEnds(oldText: string, newText: string): TextChange {
  const max = Math.min(oldText.length, newText.length);
  let head = 0;
  while (head < max && oldText.charCodeAt(head) === newText.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < max - head &&
    oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)
  ) {
    tail++;
  }
  return { head, tail, oldLength: oldText.length, newLength: newText.length };
}

/** Where an old offset most likely is in the new text (exact outside the changed region). */
export function mapOffset(change: TextChange, offset: number): number {
  const { head, tail, oldLength, newLength } = change;
  if (offset <= head) return offset;
  if (offset >= oldLength - tail) return offset + (newLength - oldLength);
  // Inside the changed region: assume the change is spread evenly over it.
  const oldChanged = oldLength - tail - head;
  const newChanged = newLength - tail - head;
  return head + Math.round(((offset - head) * newChanged) / Math.max(1, oldChanged));
}

// Weights of the combined score. The quote dominates: it is the passage itself. Prefix and suffix
// (32 characters each) tell two copies of one sentence apart. Position only breaks ties between
// otherwise equal candidates, as in Hypothesis's anchoring (50/20/20/2); it weighs a little more
// here because the old position is mapped through the unchanged head and tail of the text.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 10;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * Minimum similarity of a fuzzy match to the old quote (1 − edits / length). 0.75 still accepts a
 * reworded phrase inside the passage ("collected every passport" → "collected all passports" is
 * 0.75) but not a different sentence that happens to share words (typically 0.3–0.5).
 */
export const MIN_QUOTE_SIMILARITY = 0.75;

/**
 * Minimum combined score of a fuzzy match. A quote at the similarity floor needs context that
 * mostly agrees: 0.75 × 50 + 10 (position) = 47.5 of 100, so prefix and suffix together must add
 * about 30 of their 40. A lone short quote in unrelated surroundings stays below it.
 */
export const MIN_FUZZY_SCORE = 0.78;

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

/**
 * Fuzzy search looks near the expected position first: the window is the quote's length four
 * times over plus 10,000 characters (a few pages) either side. Searching a 5 M character text for
 * every annotation would cost seconds each; most edits move a passage by far less.
 */
const WINDOW_QUOTE_FACTOR = 4;
const WINDOW_MARGIN = 10_000;

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

/** 1 − edit distance / length of the best approximate occurrence of `pattern` in `text`. */
function similarity(pattern: string, text: string): number {
  if (pattern.length === 0) return 1;
  if (text.length === 0) return 0;
  const matches = search(text, pattern, pattern.length);
  const errors = matches.reduce((min, m) => Math.min(min, m.errors), pattern.length);
  return 1 - errors / pattern.length;
}

interface Scored {
  start: number;
  end: number;
  quote: number;
  score: number;
}

/** Combined score of a candidate [start, end) for an old quote, and its quote similarity. */
function scoreCandidate(
  text: string,
  quote: AnchorQuote,
  start: number,
  end: number,
  quoteSimilarity: number,
  expected: number,
): Scored {
  // Context is compared with some slack (a quarter more text) so an insertion next to the quote
  // shifts the old prefix rather than hiding it.
  const prefixWindow = text.slice(
    Math.max(0, start - Math.ceil(quote.prefix.length * 1.25)),
    start,
  );
  const suffixWindow = text.slice(end, end + Math.ceil(quote.suffix.length * 1.25));
  const prefix =
    quote.prefix.length === 0 ? (start === 0 ? 1 : 0.5) : similarity(quote.prefix, prefixWindow);
  const suffix =
    quote.suffix.length === 0
      ? end === text.length
        ? 1
        : 0.5
      : similarity(quote.suffix, suffixWindow);
  const position = 1 - Math.min(1, Math.abs(start - expected) / Math.max(1, text.length));
  const score =
    (QUOTE_WEIGHT * quoteSimilarity +
      PREFIX_WEIGHT * prefix +
      SUFFIX_WEIGHT * suffix +
      POSITION_WEIGHT * position) /
    TOTAL_WEIGHT;
  return { start, end, quote: quoteSimilarity, score };
}

/**
 * Step 1, position: the passage lies in the unchanged head or tail of the text, so it is still
 * there, character for character, at its old offset shifted by the change before it.
 */
export function anchorByPosition(change: TextChange, quote: AnchorQuote): Match | null {
  if (quote.end <= change.head) {
    return { start: quote.start, end: quote.end, score: 1, method: "position" };
  }
  if (quote.start >= change.oldLength - change.tail) {
    const shift = change.newLength - change.oldLength;
    return { start: quote.start + shift, end: quote.end + shift, score: 1, method: "position" };
  }
  return null;
}

/**
 * Step 2, exact quote: every occurrence of the quote in the new text; the one whose context agrees
 * best wins, the nearest to the expected position among equals. Accepted when its context agrees
 * enough, or when the quote is long and occurs only once.
 */
export function anchorByQuote(text: string, quote: AnchorQuote, expected: number): Match | null {
  if (quote.exact.length === 0) return null;
  let best: { start: number; context: number; distance: number } | null = null;
  let occurrences = 0;
  for (let at = text.indexOf(quote.exact); at !== -1; at = text.indexOf(quote.exact, at + 1)) {
    occurrences++;
    const context = exactContextScore(text, quote, at, at + quote.exact.length);
    const distance = Math.abs(at - expected);
    if (!best || context > best.context || (context === best.context && distance < best.distance)) {
      best = { start: at, context, distance };
    }
  }
  if (!best) return null;
  const unique = occurrences === 1 && quote.exact.length >= UNIQUE_QUOTE_LENGTH;
  if (best.context < MIN_EXACT_CONTEXT && !unique) return null;
  return {
    start: best.start,
    end: best.start + quote.exact.length,
    // An exact quote with agreeing context is nearly as sure as an unchanged region.
    score: 0.9 + 0.1 * best.context,
    method: "quote",
  };
}

/**
 * Step 3, fuzzy: approximate occurrences of the quote (Myers' bit-parallel algorithm via
 * approx-string-match) with up to 1 − MIN_QUOTE_SIMILARITY errors, near the expected position
 * first and then anywhere; each scored on quote, prefix, suffix and position.
 */
export function anchorFuzzy(text: string, quote: AnchorQuote, expected: number): Match | null {
  const length = quote.exact.length;
  if (length === 0) return null;
  const maxErrors = Math.floor(length * (1 - MIN_QUOTE_SIMILARITY));
  const margin = length * WINDOW_QUOTE_FACTOR + WINDOW_MARGIN;
  const windowStart = Math.max(0, expected - margin);
  const windowEnd = Math.min(text.length, expected + length + margin);
  const near = bestFuzzy(text, quote, expected, windowStart, windowEnd, maxErrors);
  if (near || (windowStart === 0 && windowEnd === text.length)) return toMatch(near);
  return toMatch(bestFuzzy(text, quote, expected, 0, text.length, maxErrors));
}

function toMatch(scored: Scored | null): Match | null {
  return scored
    ? { start: scored.start, end: scored.end, score: scored.score, method: "fuzzy" }
    : null;
}

function bestFuzzy(
  text: string,
  quote: AnchorQuote,
  expected: number,
  from: number,
  to: number,
  maxErrors: number,
): Scored | null {
  let best: Scored | null = null;
  for (const m of search(text.slice(from, to), quote.exact, maxErrors)) {
    const start = from + m.start;
    const end = from + m.end;
    const quoteSimilarity = 1 - m.errors / quote.exact.length;
    if (quoteSimilarity < MIN_QUOTE_SIMILARITY) continue;
    const scored = scoreCandidate(text, quote, start, end, quoteSimilarity, expected);
    if (scored.score < MIN_FUZZY_SCORE) continue;
    if (!best || scored.score > best.score) best = scored;
  }
  return best;
}

/**
 * Where a passage of `oldText` is in `newText`: by unchanged position, then by exact quote, then
 * by fuzzy quote; `null` when no step is confident (the annotation is orphaned).
 */
export function reanchor(oldText: string, newText: string, quote: AnchorQuote): Match | null {
  return reanchorWith(diffEnds(oldText, newText), newText, quote);
}

/** `reanchor` with the diff of the two texts computed once for all of a document's annotations. */
export function reanchorWith(
  change: TextChange,
  newText: string,
  quote: AnchorQuote,
): Match | null {
  const expected = mapOffset(change, quote.start);
  return (
    anchorByPosition(change, quote) ??
    anchorByQuote(newText, quote, expected) ??
    anchorFuzzy(newText, quote, expected)
  );
}
