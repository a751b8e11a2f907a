import { PARAGRAPH_MARK } from "./fold.ts";

/**
 * The words of a folded text, by `Intl.Segmenter` (ICU word boundaries: dictionary segmentation
 * for Thai, Burmese, Khmer, Lao and Chinese; UAX #29 elsewhere). Offsets are folded units.
 */
export interface Words {
  starts: Int32Array;
  ends: Int32Array;
  /** Folded offsets of the paragraph marks, ascending. */
  paragraphMarks: Int32Array;
}

const segmenter = new Intl.Segmenter("und", { granularity: "word" });
const CHUNK = 256;

export function wordsOf(folded: { text: string }): Words {
  const starts: number[] = [];
  const ends: number[] = [];
  const text = folded.text;
  // Segmenting a long string at once is far slower than linear in V8 (110 KB took 20 s), so the
  // text is segmented in chunks that end at a space or paragraph mark, where no word continues.
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + CHUNK);
    if (to < text.length) {
      const space = Math.max(text.lastIndexOf(" ", to), text.lastIndexOf(PARAGRAPH_MARK, to));
      if (space > from) to = space + 1;
      else {
        // No space in reach (Chinese, Thai runs): never cut a word, run on to the next break.
        const next = [text.indexOf(" ", to), text.indexOf(PARAGRAPH_MARK, to)].filter(
          (at) => at !== -1,
        );
        to = next.length ? Math.min(...next) + 1 : text.length;
      }
    }
    for (const segment of segmenter.segment(text.slice(from, to))) {
      if (!segment.isWordLike) continue;
      starts.push(from + segment.index);
      ends.push(from + segment.index + segment.segment.length);
    }
    from = to;
  }
  const marks: number[] = [];
  for (let at = folded.text.indexOf(PARAGRAPH_MARK); at !== -1; ) {
    marks.push(at);
    at = folded.text.indexOf(PARAGRAPH_MARK, at + 1);
  }
  return {
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    paragraphMarks: Int32Array.from(marks),
  };
}

/** Index of the last element ≤ value in an ascending array, or -1. */
export function lastAtOrBefore(values: Int32Array, value: number): number {
  let low = 0;
  let high = values.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (values[mid]! <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** The word containing folded offset `at`, or -1 when `at` is between words. */
export function wordAt(words: Words, at: number): number {
  const index = lastAtOrBefore(words.starts, at);
  return index !== -1 && at < words.ends[index]! ? index : -1;
}

/** French elisions (l'armée, qu'il, jusqu'au) and the Arabic conjunction و and article ال. */
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=\p{L})/iu;
const ARABIC_PREFIXES = ["وال", "ال", "و"];

/**
 * Where a word may also begin inside a written word: after a clitic that is part of the written
 * word but not of the word a researcher searches for ("l'armée" holds "armée", "والجيش" holds
 * "الجيش" and "جيش").
 */
export function innerStarts(word: string): number[] {
  const starts: number[] = [];
  const elision = ELISION.exec(word);
  if (elision) starts.push(elision[0].length);
  for (const prefix of ARABIC_PREFIXES) {
    // The rest must still be a word of two letters or more.
    if (word.startsWith(prefix) && word.length - prefix.length >= 2) starts.push(prefix.length);
  }
  return starts;
}

/**
 * Where the word at `[start, end)` of `text` may also end inside itself: before an English
 * possessive ('s, "Myawaddy's"), as an offset into `text`; null when it has none. Read in place,
 * without slicing the word out: it runs once per hit of a wildcard or whole-word term (~10⁵ a side
 * at 100 MB).
 */
export function innerEndAt(text: string, start: number, end: number): number | null {
  if (end - start <= 2 || text.charCodeAt(end - 2) !== 0x27) return null;
  const last = text.charCodeAt(end - 1);
  return last === 0x73 || last === 0x53 ? end - 2 : null;
}
