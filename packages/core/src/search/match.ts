import { type Folded, foldTerm } from "./fold.ts";
import type { QueryNode } from "./query.ts";
import { innerEndAt, innerStarts, lastAtOrBefore, type Words, wordAt } from "./words.ts";

export interface MatchOptions {
  /** Letters must match in case; diacritics are folded either way. */
  caseSensitive: boolean;
  /** A term matches whole words only (clitics and possessives aside), not inside words. */
  wholeWord: boolean;
}

/** What matching reads of a text: its folded form and, on demand, its words. */
export interface Matchable {
  folded: { text: string };
  words: () => Words;
}

/** A text prepared for matching in process: the folded form with its full origin map. */
export interface Searchable extends Matchable {
  folded: Folded;
}

/** A hit in folded units `[from, to)`. */
export interface FoldedHit {
  from: number;
  to: number;
}

interface Outcome {
  matched: boolean;
  hits: FoldedHit[];
}

/**
 * Every hit of a query in one text, in folded units, sorted by start then end, each span once.
 * Boolean operators decide whether the text matches at all (AND: every operand has a hit; NOT: the
 * operand has none); the hits shown are those of the operands that are not negated. NEAR/n keeps
 * the smallest spans holding a hit of each side at most n words apart in one paragraph.
 */
export function matchQuery(text: Matchable, query: QueryNode, options: MatchOptions): FoldedHit[] {
  const outcome = evaluate(text, query, options);
  return outcome.matched ? unique(outcome.hits) : [];
}

function evaluate(text: Matchable, node: QueryNode, options: MatchOptions): Outcome {
  switch (node.kind) {
    case "term": {
      const hits = termHits(text, node, options);
      return { matched: hits.length > 0, hits };
    }
    case "not":
      return { matched: !evaluate(text, node.child, options).matched, hits: [] };
    case "and": {
      const hits: FoldedHit[] = [];
      for (const child of node.children) {
        const outcome = evaluate(text, child, options);
        if (!outcome.matched) return { matched: false, hits: [] };
        hits.push(...outcome.hits);
      }
      return { matched: true, hits };
    }
    case "or": {
      const outcomes = node.children.map((child) => evaluate(text, child, options));
      return {
        matched: outcomes.some((o) => o.matched),
        hits: outcomes.flatMap((o) => (o.matched ? o.hits : [])),
      };
    }
    case "near": {
      const left = unique(evaluate(text, node.left, options).hits);
      const right = left.length ? unique(evaluate(text, node.right, options).hits) : [];
      const hits = nearHits(text.words(), left, right, node.distance);
      return { matched: hits.length > 0, hits };
    }
  }
}

function unique(hits: FoldedHit[]): FoldedHit[] {
  const sorted = [...hits].sort((a, b) => a.from - b.from || a.to - b.to);
  return sorted.filter(
    (h, i) => i === 0 || h.from !== sorted[i - 1]!.from || h.to !== sorted[i - 1]!.to,
  );
}

function termHits(
  text: Matchable,
  term: Extract<QueryNode, { kind: "term" }>,
  options: MatchOptions,
): FoldedHit[] {
  const needle = foldTerm(term.text, { caseSensitive: options.caseSensitive });
  if (needle === "") return [];
  const haystack = text.folded.text;
  const hits: FoldedHit[] = [];
  const needsWords = options.wholeWord || term.prefix;
  const words = needsWords ? text.words() : null;
  // Overlapping occurrences count: "la la" occurs twice in "la la la".
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    let to = at + needle.length;
    if (words) {
      if (options.wholeWord && !startsWord(haystack, words, at)) continue;
      if (term.prefix) {
        const last = wordAt(words, to - 1);
        if (last === -1) continue;
        to = wordEndOf(haystack, words, last, to);
      } else if (options.wholeWord && !endsWord(haystack, words, to)) continue;
    }
    hits.push({ from: at, to });
  }
  return hits;
}

function startsWord(haystack: string, words: Words, at: number): boolean {
  const index = wordAt(words, at);
  if (index === -1) return false;
  const start = words.starts[index]!;
  if (start === at) return true;
  const word = haystack.slice(start, words.ends[index]!);
  return innerStarts(word).includes(at - start);
}

function endsWord(haystack: string, words: Words, to: number): boolean {
  const index = wordAt(words, to - 1);
  if (index === -1) return false;
  const end = words.ends[index]!;
  if (end === to) return true;
  return innerEndAt(haystack, words.starts[index]!, end) === to;
}

/** Where a wildcard hit ending at `to` inside word `index` ends: the word's end, before a possessive. */
function wordEndOf(haystack: string, words: Words, index: number, to: number): number {
  const end = words.ends[index]!;
  const inner = innerEndAt(haystack, words.starts[index]!, end);
  return inner !== null && inner >= to ? inner : end;
}

function paragraphOf(words: Words, at: number): number {
  return lastAtOrBefore(words.paragraphMarks, at);
}

/**
 * The NEAR spans of two sorted hit lists. Written for 100 MB corpora, where each side of a common
 * word has ~10⁵ hits: the right side's word spans sit in typed arrays rather than objects, and
 * since left hits ascend, so does the first right candidate of each, which a pointer follows
 * instead of a binary search per hit.
 */
function nearHits(
  words: Words,
  left: FoldedHit[],
  right: FoldedHit[],
  distance: number,
): FoldedHit[] {
  if (left.length === 0 || right.length === 0) return [];
  const { starts, ends } = words;
  // The first and last word a hit spans (a word it only touches at an edge does not count);
  // first > last when it holds none.
  const firstWord = (from: number) => {
    const first = lastAtOrBefore(starts, from);
    return first === -1 || from >= ends[first]! ? first + 1 : first;
  };
  const lastWord = (to: number) => lastAtOrBefore(starts, to - 1);
  // Right hits in text order have ascending first words.
  const rFirst = new Int32Array(right.length);
  const rLast = new Int32Array(right.length);
  const rHit: FoldedHit[] = [];
  let longest = 0;
  for (const hit of right) {
    const first = firstWord(hit.from);
    const last = lastWord(hit.to);
    if (first > last || first >= starts.length) continue;
    rFirst[rHit.length] = first;
    rLast[rHit.length] = last;
    rHit.push(hit);
    if (last - first > longest) longest = last - first;
  }
  const count = rHit.length;
  const spans: FoldedHit[] = [];
  let begin = 0;
  for (const a of left) {
    const aFirst = firstWord(a.from);
    const aLast = lastWord(a.to);
    if (aFirst > aLast || aFirst >= starts.length) continue;
    const lowest = aFirst - distance - longest;
    while (begin < count && rFirst[begin]! < lowest) begin++;
    for (let index = begin; index < count && rFirst[index]! <= aLast + distance; index++) {
      const bFirst = rFirst[index]!;
      const bLast = rLast[index]!;
      // Words from the end of the earlier hit to the start of the later: 1 for neighbours.
      const gap = aLast < bFirst ? bFirst - aLast : aFirst - bLast;
      if (gap < 1 || gap > distance) continue;
      const b = rHit[index]!;
      const from = Math.min(a.from, b.from);
      const to = Math.max(a.to, b.to);
      if (paragraphOf(words, from) !== paragraphOf(words, to - 1)) continue;
      spans.push({ from, to });
    }
  }
  return smallestWindows(spans);
}

/** Drops every span that holds another, so each NEAR hit is a smallest window. */
function smallestWindows(spans: FoldedHit[]): FoldedHit[] {
  const sorted = unique(spans).sort((a, b) => b.from - a.from || a.to - b.to);
  const kept: FoldedHit[] = [];
  let lowestEnd = Number.POSITIVE_INFINITY;
  for (const span of sorted) {
    // Every span seen starts at or after this one; one of them ending no later lies inside it.
    if (span.to < lowestEnd) {
      kept.push(span);
      lowestEnd = span.to;
    }
  }
  return kept.reverse();
}
