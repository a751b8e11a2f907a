import search from "approx-string-match";
import { contextNumbersAgree, numbersAgree } from "./numbers.ts";
import { type AnchorTarget, MIN_SEEDS_TO_SKIP, seedRegions, targetOf } from "./seeds.ts";
import type { AnchorQuote, Match, Scored } from "./types.ts";

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
 * Most edits a fuzzy match may have, whatever the quote's length. Without a cap the error budget
 * grows with the quote (0.25 × 4,000 characters = 1,000 edits), and so do the search and the
 * boundary refinement's region (a 4,000-character quote allocated ~66 MB there). Hypothesis caps
 * it the same way (`maxErrors = min(256, quote.length / 2)` in its client's match-quote): a long
 * passage rewritten by more than 256 edits is no longer the passage a reader marked, and is
 * better orphaned (kept with its quote) than placed on a guess.
 */
export const MAX_FUZZY_ERRORS = 256;

/**
 * Cells the boundary refinement's alignment may use (2 bytes each, so 4 MB): beyond it (passages
 * of several thousand characters) the approximate match's own boundaries are kept, as the quote
 * then dominates the score and a few words at a boundary cannot sink it.
 */
const MAX_ALIGN_CELLS = 2_000_000;

/**
 * Fuzzy search looks near the expected position first: the window is the quote's length four
 * times over plus 2,000 characters (about a page) either side. With the line-level alignment the
 * expected position is exact in unchanged text and off by at most the size of the changed
 * paragraphs around it (in the benchmark: 0 at the median, under 1,000 characters for all but
 * the 1.3 % of passages whose paragraph was both moved and edited, which are tens of thousands
 * of characters away and found by the seeded search below).
 */
const WINDOW_QUOTE_FACTOR = 4;
const WINDOW_MARGIN = 2_000;

/** 1 − edit distance / length of the best approximate occurrence of `pattern` in `text`. */
export function similarity(pattern: string, text: string): number {
  if (pattern.length === 0) return 1;
  if (text.length === 0) return 0;
  const matches = search(text, pattern, pattern.length);
  const errors = matches.reduce((min, m) => Math.min(min, m.errors), pattern.length);
  return 1 - errors / pattern.length;
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
 * A fuzzy match must beat the best distinct alternative (a candidate elsewhere, not overlapping
 * it, that also carries the quote's numbers) by at least this much of the combined score, or the
 * passage is orphaned. In running prose an alternative within the quote's error budget is rare;
 * where one exists (templated statements, a paragraph repeated with a change), 0.05 is about two
 * differing characters of a 40-character quote plus a word of context: below what the weights
 * can tell apart, so picking either would be a guess.
 */
export const AMBIGUITY_MARGIN = 0.05;

/**
 * Places of one search refined and judged, best scoring first. More than a few places within
 * the quote's error budget means highly repetitive text, where the top ones decide anyway.
 */
const MAX_PLACES = 32;

/**
 * Step 3, fuzzy: approximate occurrences of the quote (Myers' bit-parallel algorithm via
 * approx-string-match) with up to 1 − MIN_QUOTE_SIMILARITY errors, near the expected position
 * first and then anywhere; each scored on quote, prefix, suffix and position. A candidate whose
 * numbers, or whose nearest numbers in context, differ from the old ones is another passage
 * (numbers.ts); the best remaining one is placed only when no distinct alternative comes within
 * AMBIGUITY_MARGIN of it.
 */
export function anchorFuzzy(
  within: string | AnchorTarget,
  quote: AnchorQuote,
  expected: number,
): Match | null {
  const target = targetOf(within);
  const { text } = target;
  const length = quote.exact.length;
  if (length === 0) return null;
  const maxErrors = Math.min(MAX_FUZZY_ERRORS, Math.floor(length * (1 - MIN_QUOTE_SIMILARITY)));
  const margin = length * WINDOW_QUOTE_FACTOR + WINDOW_MARGIN;
  const windowStart = Math.max(0, expected - margin);
  const windowEnd = Math.min(text.length, expected + length + margin);
  const near = viableFuzzy(text, quote, expected, windowStart, windowEnd, maxErrors);
  if ((near[0] && acceptable(near[0])) || (windowStart === 0 && windowEnd === text.length)) {
    return decide(near);
  }
  const seeded = seedRegions(target, quote.exact, maxErrors);
  if (!seeded || (seeded.regions.length === 0 && seeded.seeds < MIN_SEEDS_TO_SKIP)) {
    return decide(viableFuzzy(text, quote, expected, 0, text.length, maxErrors));
  }
  // What the window held still counts as an alternative to what is found further away.
  const found: Scored[] = [...near];
  for (const [from, to] of seeded.regions) {
    // The window was searched already.
    if (from >= windowStart && to <= windowEnd) continue;
    for (const candidate of viableFuzzy(text, quote, expected, from, to, maxErrors)) {
      if (!found.some((other) => overlaps(other, candidate))) found.push(candidate);
    }
  }
  return decide(found.sort((a, b) => b.score - a.score));
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/**
 * The placement among viable candidates (distinct, best first): the best when it clears the
 * thresholds and no other comes within AMBIGUITY_MARGIN of it.
 */
function decide(viable: Scored[]): Match | null {
  const [best, runnerUp] = viable;
  if (!best || !acceptable(best)) return null;
  if (runnerUp && best.score - runnerUp.score < AMBIGUITY_MARGIN) return null;
  return { start: best.start, end: best.end, score: best.score, method: "fuzzy" };
}

/**
 * Distinct candidates for the quote in text[from, to), best first: approximate occurrences
 * grouped by overlap (one per place, the best scoring of each), boundaries refined by
 * `alignWithContext`, and only those whose numbers and nearest context numbers agree with the
 * old ones. Includes candidates under MIN_FUZZY_SCORE: they count as alternatives to the best.
 */
function viableFuzzy(
  text: string,
  quote: AnchorQuote,
  expected: number,
  from: number,
  to: number,
  maxErrors: number,
): Scored[] {
  // One candidate per place: the best scoring occurrence, then the best not overlapping any
  // kept one, and so on (approx-string-match reports many overlapping spans per place).
  const scored = search(text.slice(from, to), quote.exact, maxErrors)
    .map((m) =>
      scoreCandidate(
        text,
        quote,
        from + m.start,
        from + m.end,
        1 - m.errors / quote.exact.length,
        expected,
      ),
    )
    .sort((a, b) => b.score - a.score);
  const places: Scored[] = [];
  for (const candidate of scored) {
    if (places.length === MAX_PLACES) break;
    if (!places.some((place) => overlaps(place, candidate))) places.push(candidate);
  }
  const viable: Scored[] = [];
  for (const candidate of places) {
    const refined = alignWithContext(text, quote, candidate, maxErrors, expected);
    const chosen =
      refined &&
      (acceptable(refined) || (!acceptable(candidate) && refined.score > candidate.score))
        ? refined
        : candidate;
    if (chosen.quote < MIN_QUOTE_SIMILARITY) continue;
    if (!numbersAgree(text, quote, chosen.start, chosen.end)) continue;
    if (!contextNumbersAgree(text, quote, chosen.start, chosen.end)) continue;
    viable.push(chosen);
  }
  return viable.sort((a, b) => b.score - a.score);
}

/** Whether a fuzzy candidate clears both thresholds. */
function acceptable(candidate: Scored): boolean {
  return candidate.quote >= MIN_QUOTE_SIMILARITY && candidate.score >= MIN_FUZZY_SCORE;
}

/**
 * Boundary refinement. Among equally good approximate matches, approx-string-match keeps the
 * longest, so when words at the start (or end) of a passage were deleted or rewritten, the match
 * swallows the text before it: its prefix then no longer agrees, and a passage that is mostly
 * intact scores under MIN_FUZZY_SCORE. Aligning prefix + quote + suffix as one pattern (edit
 * distance with a traceback, O(pattern × region), a fraction of a millisecond for a 250-character passage)
 * puts the old context on the new context and the quote between them: the quote's new start is
 * where the alignment leaves the prefix, its end where it enters the suffix; inserted text on
 * either boundary stays outside. The span is then scored afresh, its quote similarity measured
 * on the span itself, against the same thresholds.
 */
function alignWithContext(
  text: string,
  quote: AnchorQuote,
  candidate: Scored,
  maxErrors: number,
  expected: number,
): Scored | null {
  const pattern = quote.prefix + quote.exact + quote.suffix;
  const quoteFrom = quote.prefix.length;
  const quoteTo = quoteFrom + quote.exact.length;
  const from = Math.max(0, candidate.start - Math.ceil(quote.prefix.length * 1.25) - maxErrors);
  const to = Math.min(
    text.length,
    candidate.end + Math.ceil(quote.suffix.length * 1.25) + maxErrors,
  );
  const rows = pattern.length + 1;
  const cols = to - from + 1;
  if (rows * cols > MAX_ALIGN_CELLS) return null;
  // distances[i * cols + j]: cost of pattern[0, i) ending at text[from + j); free start in text.
  const distances = new Uint16Array(rows * cols);
  for (let i = 1; i < rows; i++) {
    distances[i * cols] = i;
    const p = pattern.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const diagonal =
        distances[(i - 1) * cols + j - 1]! + (p === text.charCodeAt(from + j - 1) ? 0 : 1);
      const up = distances[(i - 1) * cols + j]! + 1;
      const left = distances[i * cols + j - 1]! + 1;
      distances[i * cols + j] = Math.min(diagonal, up, left);
    }
  }
  let j = 0;
  for (let k = 1; k < cols; k++) {
    if (distances[(rows - 1) * cols + k]! < distances[(rows - 1) * cols + j]!) j = k;
  }
  let start = -1;
  let end = -1;
  for (let i = rows - 1; i > 0; ) {
    if (i === quoteTo) end = from + j;
    if (i === quoteFrom && start === -1) start = from + j;
    const here = distances[i * cols + j]!;
    if (
      j > 0 &&
      here ===
        distances[(i - 1) * cols + j - 1]! +
          (pattern.charCodeAt(i - 1) === text.charCodeAt(from + j - 1) ? 0 : 1)
    ) {
      i--;
      j--;
    } else if (here === distances[(i - 1) * cols + j]! + 1) {
      i--;
    } else {
      j--;
    }
  }
  if (quoteFrom === 0) start = from + j;
  if (start === -1 || end <= start) return null;
  const quoteSimilarity = similarity(quote.exact, text.slice(start, end));
  return scoreCandidate(text, quote, start, end, quoteSimilarity, expected);
}
