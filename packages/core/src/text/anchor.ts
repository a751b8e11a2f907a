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

/** A run of characters that is the same in both texts: old[oldStart…) equals new[newStart…). */
export interface Block {
  oldStart: number;
  newStart: number;
  length: number;
}

/**
 * How an old text became a new one. `head` and `tail` are the common prefix and suffix; `blocks`,
 * when present, is the line-level alignment `diffEnds` computes: unchanged runs of text in order
 * (head and tail included), and `moved` lines that reappear elsewhere. A `TextChange` built by
 * hand with only head and tail still works: everything between them then counts as changed.
 */
export interface TextChange {
  /** Length of the common prefix. */
  head: number;
  /** Length of the common suffix (not overlapping the head in either text). */
  tail: number;
  oldLength: number;
  newLength: number;
  /** Unchanged runs, increasing in both texts, not overlapping. */
  blocks?: Block[];
  /** Unique lines found again out of order (a paragraph moved), sorted by old offset. */
  moved?: Block[];
}

/**
 * Lines shorter than this are not used as anchors of the alignment: "Notes", "Table 3" or a page
 * number can be unique in both versions and still be different lines; 20 characters is about four
 * words, beyond which two versions of a report sharing a line by accident is rare. Short lines
 * between anchors are still matched character by character when they did not change.
 */
const MIN_ANCHOR_LINE = 20;

interface Line {
  start: number;
  end: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (let at = 0; at <= text.length; ) {
    const next = text.indexOf("\n", at);
    const end = next === -1 ? text.length : next;
    lines.push({ start: at, end });
    if (next === -1) break;
    at = next + 1;
  }
  return lines;
}

/** Indices (into `values`) of a longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(values: number[]): number[] {
  const tails: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const result: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i !== -1; i = previous[i]!) {
    result.push(i);
  }
  return result.reverse();
}

/**
 * Line-level alignment of two texts, linear apart from one sort: lines of at least
 * MIN_ANCHOR_LINE characters that occur exactly once in each text are paired (a hash join), the
 * longest run of pairs in the same order in both texts is kept (patience diff's anchors), and each
 * pair is grown character by character towards its neighbours, which also yields the common head
 * and tail and the unchanged parts of edited paragraphs. Unique pairs out of that order are
 * paragraphs that moved.
 */
function align(oldText: string, newText: string): { blocks: Block[]; moved: Block[] } {
  const oldLines = linesOf(oldText);
  const newLines = linesOf(newText);
  // Line text → its index in the old text, or -1 when it is not unique there.
  const inOld = new Map<string, number>();
  oldLines.forEach((line, i) => {
    if (line.end - line.start < MIN_ANCHOR_LINE) return;
    const key = oldText.slice(line.start, line.end);
    inOld.set(key, inOld.has(key) ? -1 : i);
  });
  const inNew = new Map<string, number>();
  newLines.forEach((line, j) => {
    if (line.end - line.start < MIN_ANCHOR_LINE) return;
    const key = newText.slice(line.start, line.end);
    if (!inOld.has(key) || inOld.get(key) === -1) return;
    inNew.set(key, inNew.has(key) ? -1 : j);
  });
  const pairs: Array<[number, number]> = [];
  for (const [key, j] of inNew) if (j !== -1) pairs.push([inOld.get(key)!, j]);
  pairs.sort((a, b) => a[0] - b[0]);
  const kept = new Set(longestIncreasing(pairs.map((p) => p[1])));
  const lineBlock = ([i, j]: [number, number]): Block => ({
    oldStart: oldLines[i]!.start,
    newStart: newLines[j]!.start,
    length: oldLines[i]!.end - oldLines[i]!.start,
  });
  const anchors: Block[] = [{ oldStart: 0, newStart: 0, length: 0 }];
  const moved: Block[] = [];
  pairs.forEach((pair, k) => {
    (kept.has(k) ? anchors : moved).push(lineBlock(pair));
  });
  anchors.push({ oldStart: oldText.length, newStart: newText.length, length: 0 });

  // Grow each anchor backwards up to the previous one, merging runs on the same diagonal.
  const grown: Block[] = [];
  for (const anchor of anchors) {
    let { oldStart, newStart, length } = anchor;
    const last = grown[grown.length - 1];
    const oldMin = last ? last.oldStart + last.length : 0;
    const newMin = last ? last.newStart + last.length : 0;
    while (
      oldStart > oldMin &&
      newStart > newMin &&
      oldText.charCodeAt(oldStart - 1) === newText.charCodeAt(newStart - 1)
    ) {
      oldStart--;
      newStart--;
      length++;
    }
    if (last && oldStart === oldMin && newStart === newMin) last.length += length;
    else grown.push({ oldStart, newStart, length });
  }
  // Then forwards up to the next one.
  for (let k = 0; k < grown.length; k++) {
    const block = grown[k]!;
    const next = grown[k + 1];
    const oldMax = next ? next.oldStart : oldText.length;
    const newMax = next ? next.newStart : newText.length;
    while (
      block.oldStart + block.length < oldMax &&
      block.newStart + block.length < newMax &&
      oldText.charCodeAt(block.oldStart + block.length) ===
        newText.charCodeAt(block.newStart + block.length)
    ) {
      block.length++;
    }
  }
  const blocks: Block[] = [];
  for (const block of grown) {
    const last = blocks[blocks.length - 1];
    if (
      last &&
      last.oldStart + last.length === block.oldStart &&
      last.newStart + last.length === block.newStart
    ) {
      last.length += block.length;
    } else if (block.length > 0) {
      blocks.push(block);
    }
  }
  return { blocks, moved };
}

/**
 * How `oldText` became `newText`: the common head and tail and a line-level alignment (see
 * `align`). Computed once per pair of versions and shared by all of a document's annotations;
 * 20–40 ms for two 1 MB texts.
 */
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
  const change = { head, tail, oldLength: oldText.length, newLength: newText.length };
  if (head === oldText.length && head === newText.length) return change;
  return { ...change, ...align(oldText, newText) };
}

/** The block of `blocks` (sorted by old offset) whose old run contains `offset`, or the index of
 * the last block starting at or before it (−1 when none does). */
function blockBefore(blocks: Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.oldStart <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Where an old offset most likely is in the new text (exact inside unchanged runs). */
export function mapOffset(change: TextChange, offset: number): number {
  const { head, tail, oldLength, newLength, blocks, moved } = change;
  if (blocks) {
    const k = blockBefore(blocks, offset);
    const before = blocks[k];
    if (before && offset < before.oldStart + before.length) {
      return before.newStart + offset - before.oldStart;
    }
    const m = moved ? blockBefore(moved, offset) : -1;
    const line = moved?.[m];
    if (line && offset < line.oldStart + line.length) return line.newStart + offset - line.oldStart;
    // Between two unchanged runs: assume the change is spread evenly over the gap.
    const after = blocks[k + 1];
    const oldFrom = before ? before.oldStart + before.length : 0;
    const newFrom = before ? before.newStart + before.length : 0;
    const oldTo = after ? after.oldStart : oldLength;
    const newTo = after ? after.newStart : newLength;
    return (
      newFrom + Math.round(((offset - oldFrom) * (newTo - newFrom)) / Math.max(1, oldTo - oldFrom))
    );
  }
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
 * times over plus 2,000 characters (about a page) either side. With the line-level alignment the
 * expected position is exact in unchanged text and off by at most the size of the changed
 * paragraphs around it (in the benchmark: 0 at the median, under 1,000 characters for all but
 * the 1.3 % of passages whose paragraph was both moved and edited, which are tens of thousands
 * of characters away and found by the seeded search below).
 */
const WINDOW_QUOTE_FACTOR = 4;
const WINDOW_MARGIN = 2_000;

/**
 * Outside the window, fuzzy search only looks where a seed of the quote occurs exactly: the
 * SEED_LENGTH characters from one of the quote's word starts. A match within the error budget
 * keeps most of them intact (edits are local), so 12 characters (two or three words) is short
 * enough to survive between edits yet long enough to be rare in a report. At most MAX_SEEDS word
 * starts are used (spread over the quote); a seed found more than MAX_SEED_HITS times ("of the
 * government") says nothing and is skipped. The whole text is searched only when the seeds give
 * no region and the quote has fewer than MIN_SEEDS_TO_SKIP of them (a short quote, cheap to
 * search for): a longer passage none of whose seeds survives where another agrees has lost more
 * than its error budget allows in practice (each seed needs its own edit), so it is orphaned
 * without the whole-text search. The cost of the shortcut is that a heavily edited passage whose
 * seeds were all broken is orphaned rather than found; never placed wrongly, since the
 * candidates face the same thresholds.
 */
const SEED_LENGTH = 12;
const MAX_SEEDS = 12;
const MAX_SEED_HITS = 32;
const MIN_SEEDS_TO_SKIP = 4;
/**
 * A region is searched when at least this many distinct seeds of a quote with MIN_SEEDS_TO_SKIP
 * or more seeds place the quote there: one 12-character seed recurs by chance in a long report
 * (a common phrase), two on the same diagonal rarely do, and a passage within the error budget
 * keeps more than one intact. The best supported MAX_SEED_REGIONS regions are searched.
 */
const MIN_SEED_VOTES = 2;
const MAX_SEED_REGIONS = 8;

/** Positions of the word starts of a text, by a hash of the SEED_LENGTH characters there. */
interface SeedIndex {
  text: string;
  positions: Map<number, number[]>;
}

function seedHash(text: string, at: number): number {
  let hash = 0;
  for (let i = at; i < at + SEED_LENGTH; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/**
 * One index per new text, kept for the next call: a document's annotations are re-anchored one
 * after another onto the same text. Building it (~30 ms for 1 MB) costs less than a few
 * `indexOf` scans of the text per seed.
 */
let seedIndex: SeedIndex | null = null;

function seedIndexOf(text: string): Map<number, number[]> {
  if (seedIndex?.text === text) return seedIndex.positions;
  const positions = new Map<number, number[]>();
  for (let at = 0; at + SEED_LENGTH <= text.length; at++) {
    if (isSpace(text.charCodeAt(at)) || (at > 0 && !isSpace(text.charCodeAt(at - 1)))) continue;
    const hash = seedHash(text, at);
    const list = positions.get(hash);
    if (list) list.push(at);
    else positions.set(hash, [at]);
  }
  seedIndex = { text, positions };
  return positions;
}

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
 * Step 1, position: the passage lies in a run of text that did not change (the head, the tail, or
 * any run the alignment kept in order), so it is still there, character for character, at its
 * old offset shifted by the changes before it.
 */
export function anchorByPosition(change: TextChange, quote: AnchorQuote): Match | null {
  if (change.blocks) {
    const block = change.blocks[blockBefore(change.blocks, quote.start)];
    if (!block || quote.end > block.oldStart + block.length) return null;
    const shift = block.newStart - block.oldStart;
    return { start: quote.start + shift, end: quote.end + shift, score: 1, method: "position" };
  }
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
  const maxErrors = Math.min(MAX_FUZZY_ERRORS, Math.floor(length * (1 - MIN_QUOTE_SIMILARITY)));
  const margin = length * WINDOW_QUOTE_FACTOR + WINDOW_MARGIN;
  const windowStart = Math.max(0, expected - margin);
  const windowEnd = Math.min(text.length, expected + length + margin);
  const near = bestFuzzy(text, quote, expected, windowStart, windowEnd, maxErrors);
  if (near || (windowStart === 0 && windowEnd === text.length)) return toMatch(near);
  const seeded = seedRegions(text, quote.exact, maxErrors);
  if (!seeded || (seeded.regions.length === 0 && seeded.seeds < MIN_SEEDS_TO_SKIP)) {
    return toMatch(bestFuzzy(text, quote, expected, 0, text.length, maxErrors));
  }
  let best: Scored | null = null;
  for (const [from, to] of seeded.regions) {
    // The window was searched already.
    if (from >= windowStart && to <= windowEnd) continue;
    const found = bestFuzzy(text, quote, expected, from, to, maxErrors);
    if (found && (!best || found.score > best.score)) best = found;
  }
  return toMatch(best);
}

/**
 * Regions of `text` where `exact` may occur with up to `maxErrors` edits, judged by exact
 * occurrences of its seeds: occurrences that imply nearly the same start (within the error
 * budget) are one candidate region, and only regions that enough distinct seeds agree on are
 * returned, best supported first. `null` when the quote has no seed.
 */
function seedRegions(
  text: string,
  exact: string,
  maxErrors: number,
): { regions: Array<[number, number]>; seeds: number } | null {
  const starts: number[] = [];
  for (let at = 1; at + SEED_LENGTH <= exact.length; at++) {
    if (isSpace(exact.charCodeAt(at - 1)) && !isSpace(exact.charCodeAt(at))) starts.push(at);
  }
  if (starts.length === 0) return null;
  const index = seedIndexOf(text);
  const count = Math.min(starts.length, MAX_SEEDS);
  // Implied start of the quote and which seed implies it.
  const votes: Array<[number, number]> = [];
  for (let k = 0; k < count; k++) {
    const offset = starts[Math.floor((k * starts.length) / count)]!;
    const seed = exact.slice(offset, offset + SEED_LENGTH);
    const hits = (index.get(seedHash(exact, offset)) ?? []).filter((at) =>
      text.startsWith(seed, at),
    );
    if (hits.length > MAX_SEED_HITS) continue;
    for (const at of hits) votes.push([at - offset, k]);
  }
  votes.sort((a, b) => a[0] - b[0]);
  const minVotes = count >= MIN_SEEDS_TO_SKIP ? MIN_SEED_VOTES : 1;
  const clusters: Array<{ from: number; to: number; support: number }> = [];
  for (let i = 0; i < votes.length; ) {
    const seeds = new Set<number>();
    let j = i;
    while (j < votes.length && (j === i || votes[j]![0] - votes[j - 1]![0] <= maxErrors)) {
      seeds.add(votes[j]![1]);
      j++;
    }
    if (seeds.size >= minVotes) {
      clusters.push({
        from: Math.max(0, votes[i]![0] - maxErrors),
        to: Math.min(text.length, votes[j - 1]![0] + exact.length + maxErrors),
        support: seeds.size,
      });
    }
    i = j;
  }
  clusters.sort((a, b) => b.support - a.support);
  return {
    regions: clusters.slice(0, MAX_SEED_REGIONS).map((c) => [c.from, c.to]),
    seeds: count,
  };
}

function toMatch(scored: Scored | null): Match | null {
  return scored
    ? { start: scored.start, end: scored.end, score: scored.score, method: "fuzzy" }
    : null;
}

/**
 * The best-scoring approximate occurrence of the quote in text[from, to), with its boundaries
 * refined by `alignWithContext`, or `null` when none reaches the thresholds.
 */
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
    const scored = scoreCandidate(text, quote, start, end, quoteSimilarity, expected);
    if (!best || scored.score > best.score) best = scored;
  }
  if (!best) return null;
  const refined = alignWithContext(text, quote, best, maxErrors, expected);
  if (refined && acceptable(refined)) return refined;
  return acceptable(best) ? best : null;
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
  return anchorWhole(change, newText, quote) ?? anchorByParts(change, newText, quote);
}

function anchorWhole(change: TextChange, newText: string, quote: AnchorQuote): Match | null {
  const expected = mapOffset(change, quote.start);
  return (
    anchorByPosition(change, quote) ??
    anchorByQuote(newText, quote, expected) ??
    anchorFuzzy(newText, quote, expected)
  );
}

/**
 * A passage placed from its parts must keep more than this share of its characters: below half,
 * the passage counts as gone (an annotation on what is left of it would mostly be about text
 * that is no longer there).
 */
const MIN_PART_SHARE = 0.5;

/**
 * Step 4, parts: a passage spanning paragraphs, one of which was deleted, moved or rewritten, is
 * no longer anywhere as a whole; each paragraph's part is anchored on its own (steps 1–3, with the
 * old text next to it as context), and the longest run of parts that are still consecutive and in
 * order in the new text becomes the passage when it keeps more than MIN_PART_SHARE of it. Each
 * part faces the same thresholds as a whole passage, so this finds no place the others would
 * refuse; it only stops one lost paragraph from orphaning the rest.
 */
export function anchorByParts(
  change: TextChange,
  newText: string,
  quote: AnchorQuote,
): Match | null {
  const context = Math.max(quote.prefix.length, quote.suffix.length);
  const full = quote.prefix + quote.exact + quote.suffix;
  const parts: Array<{ from: number; to: number }> = [];
  const breaks = /\n+/g;
  let from = 0;
  for (let found = breaks.exec(quote.exact); found; found = breaks.exec(quote.exact)) {
    if (found.index > from) parts.push({ from, to: found.index });
    from = found.index + found[0].length;
  }
  if (from < quote.exact.length) parts.push({ from, to: quote.exact.length });
  if (parts.length < 2) return null;
  const placed = parts.map(({ from, to }) => {
    const at = quote.prefix.length + from;
    const end = quote.prefix.length + to;
    return anchorWhole(change, newText, {
      start: quote.start + from,
      end: quote.start + to,
      exact: quote.exact.slice(from, to),
      prefix: full.slice(Math.max(0, at - context), at),
      suffix: full.slice(end, end + context),
    });
  });
  let best: Match | null = null;
  let bestKept = 0;
  for (let first = 0; first < parts.length; first++) {
    if (!placed[first]) continue;
    let last = first;
    let kept = parts[first]!.to - parts[first]!.from;
    let score = placed[first]!.score;
    while (last + 1 < parts.length && placed[last + 1]) {
      const gapOld = parts[last + 1]!.from - parts[last]!.to;
      const gapNew = placed[last + 1]!.start - placed[last]!.end;
      // Consecutive in the new text too: separated by about the same line breaks.
      if (gapNew < 1 || gapNew > gapOld + 2) break;
      last++;
      kept += parts[last]!.to - parts[last]!.from;
      score = Math.min(score, placed[last]!.score);
    }
    if (kept > bestKept) {
      bestKept = kept;
      best = {
        start: placed[first]!.start,
        end: placed[last]!.end,
        score: (score * kept) / quote.exact.length,
        method: "fuzzy",
      };
    }
  }
  return best && bestKept > quote.exact.length * MIN_PART_SHARE ? best : null;
}
