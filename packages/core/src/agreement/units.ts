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
 * Counts characters between UTF-16 offsets in O(log n) after one pass over the text: it keeps
 * only the offsets of astral characters (usually none), never an array per character.
 */
export class CharacterCounter {
  private readonly astral: number[] = [];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
  }

  /** Characters in [start, end): code units less one for each surrogate pair starting inside. */
  count(start: number, end: number): number {
    if (end <= start) return 0;
    // A pair split by `end` still counts as one character begun inside the range.
    return end - start - (this.pairsBefore(end - 1) - this.pairsBefore(start));
  }

  /** Surrogate pairs starting before offset `at`. */
  private pairsBefore(at: number): number {
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.astral[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
