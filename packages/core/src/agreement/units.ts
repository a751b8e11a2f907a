import { CodePointIndex } from "../export/offsets.ts";

/**
 * Units of a text at a granularity, as exact UTF-16 offsets into it. Lengths and overlaps are
 * measured in characters (Unicode code points), so an astral character (an emoji, a CJK
 * extension ideograph) counts once, not as its two UTF-16 code units.
 */
export type Granularity = "character" | "sentence" | "paragraph";

export interface Span {
  /** UTF-16 offset of the first code unit. */
  start: number;
  /** Exclusive UTF-16 end offset. */
  end: number;
}

/**
 * Counts characters between UTF-16 offsets in O(log a) through the exports' code point index
 * (which keeps only the offsets of astral characters, never an array per character).
 */
export class CharacterCounter {
  private readonly index: CodePointIndex;
  constructor(readonly text: string) {
    this.index = new CodePointIndex(text);
  }

  /** Characters in [start, end); a surrogate pair split by `end` counts as one begun inside. */
  count(start: number, end: number): number {
    if (end <= start) return 0;
    return this.index.toCodePoint(end - 1) - this.index.toCodePoint(start) + 1;
  }
}

/** The span without leading and trailing white space; null when nothing else is in it. */
function trimmed(text: string, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return s < e ? { start: s, end: e } : null;
}

/**
 * Sentences by Unicode sentence boundaries (UAX #29, via Intl.Segmenter in the given locale),
 * white space trimmed, white-space-only segments dropped.
 */
export function sentences(text: string, locale = "en"): Span[] {
  const spans: Span[] = [];
  const segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
  for (const { index, segment } of segmenter.segment(text)) {
    const span = trimmed(text, index, index + segment.length);
    if (span) spans.push(span);
  }
  return spans;
}

/**
 * Paragraphs: the runs of text between line breaks (Gloss's canonical text puts one paragraph per
 * line, blocks separated by blank lines), white space trimmed, empty lines dropped.
 */
export function paragraphs(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === "\n") {
      const span = trimmed(text, start, i);
      if (span) spans.push(span);
      start = i + 1;
    }
  }
  return spans;
}
