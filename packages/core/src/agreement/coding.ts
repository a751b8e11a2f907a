import type { ReliabilityUnit } from "./reliability.ts";
import type { UnitizedSection } from "./unitized.ts";
import { CharacterCounter, type Granularity, paragraphs, type Span, sentences } from "./units.ts";

/** A coder's passage on a document, with the codes it carries. */
export interface CodedPassage extends Span {
  coder: string;
  tags: readonly string[];
}

/** One document's coding by the coders who judged it. */
export interface DocumentCoding {
  text: string;
  passages: readonly CodedPassage[];
  /** Coders who judged this document; the others are missing data on its units. */
  judgedBy: readonly string[];
}

export interface UnitOptions {
  granularity: Granularity;
  /**
   * Share of a sentence or paragraph a coder's passages must cover for it to count as coded by
   * them, in (0, 1]; any overlap at all when tiny. Ignored for characters.
   */
  overlap: number;
  locale?: string;
}

/** Sorted, disjoint spans covering the same characters as `spans` (clipped to [0, length]). */
function merged(spans: readonly Span[], length: number): Span[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * The reliability units of one document for one code: a value of 1 (coded) or 0 (not coded) per
 * coder in `coders` order, null for coders who did not judge the document.
 *
 * Characters: a sweep over the sorted passage boundaries yields runs in which every coder's
 * value is constant, each a row weighted by its number of characters, so the cost grows with the
 * number of passages, not the length of the text. Sentences and paragraphs: a coder codes a unit
 * when their passages with the code cover at least `overlap` of its characters (and at least one).
 */
export function unitsForCode(
  doc: DocumentCoding,
  code: string,
  coders: readonly string[],
  options: UnitOptions,
  counter = new CharacterCounter(doc.text),
): ReliabilityUnit[] {
  const length = doc.text.length;
  const judged = new Set(doc.judgedBy);
  const spansOf = coders.map((coder) =>
    merged(
      doc.passages.filter((p) => p.coder === coder && p.tags.includes(code)),
      length,
    ),
  );
  const missing = coders.map((c) => !judged.has(c));
  if (options.granularity === "character") return characterRuns(spansOf, missing, length, counter);
  const units = segmented(doc.text, options.granularity, options.locale);
  const cursors = coders.map(() => 0);
  return units.map((unit) => {
    const size = counter.count(unit.start, unit.end);
    const values = spansOf.map((spans, c) => {
      if (missing[c]) return null;
      // Units and spans are both sorted: skip the spans that end before this unit.
      while (cursors[c]! < spans.length && spans[cursors[c]!]!.end <= unit.start) cursors[c]! += 1;
      let covered = 0;
      for (let i = cursors[c]!; i < spans.length && spans[i]!.start < unit.end; i++) {
        covered += counter.count(
          Math.max(spans[i]!.start, unit.start),
          Math.min(spans[i]!.end, unit.end),
        );
      }
      return covered > 0 && covered >= options.overlap * size ? 1 : 0;
    });
    return { values };
  });
}

/**
 * The last segmentation, kept because callers ask for one document's units once per code, and
 * sentence segmentation costs far more than the coding sweep.
 */
let last: {
  text: string;
  granularity: Granularity;
  locale: string | undefined;
  spans: Span[];
} | null = null;

function segmented(text: string, granularity: Granularity, locale: string | undefined): Span[] {
  if (last && last.granularity === granularity && last.locale === locale && last.text === text) {
    return last.spans;
  }
  const spans = granularity === "sentence" ? sentences(text, locale) : paragraphs(text);
  last = { text, granularity, locale, spans };
  return spans;
}

function characterRuns(
  spansOf: readonly Span[][],
  missing: readonly boolean[],
  length: number,
  counter: CharacterCounter,
): ReliabilityUnit[] {
  const boundaries = new Set<number>([0, length]);
  for (const spans of spansOf) {
    for (const s of spans) {
      boundaries.add(s.start);
      boundaries.add(s.end);
    }
  }
  const sorted = [...boundaries].sort((a, b) => a - b);
  const cursors = spansOf.map(() => 0);
  const rows: ReliabilityUnit[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    const weight = counter.count(start, end);
    if (weight === 0) continue;
    const values = spansOf.map((spans, c) => {
      if (missing[c]) return null;
      while (cursors[c]! < spans.length && spans[cursors[c]!]!.end <= start) cursors[c]! += 1;
      const span = spans[cursors[c]!];
      return span && span.start <= start ? 1 : 0;
    });
    rows.push({ values, weight });
  }
  return rows;
}

/**
 * One document as a section of αu's continuum for one code: positions are characters (code
 * points), each coder's passages with the code merged into disjoint units. Null when one of the
 * coders did not judge the document (αu has no missing data: every coder unitizes all of it).
 */
export function unitizedSectionOf(
  doc: DocumentCoding,
  code: string,
  coders: readonly string[],
  counter = new CharacterCounter(doc.text),
): UnitizedSection | null {
  const judged = new Set(doc.judgedBy);
  if (!coders.every((c) => judged.has(c))) return null;
  const length = doc.text.length;
  const at = (offset: number) => counter.count(0, offset);
  return {
    length: at(length),
    units: coders.map((coder) =>
      merged(
        doc.passages.filter((p) => p.coder === coder && p.tags.includes(code)),
        length,
      ).map((s) => ({ start: at(s.start), end: at(s.end) })),
    ),
  };
}
