import { type Paragraph, paragraphAt } from "./paragraphs.ts";

/** A word `[start, end)` of the canonical text. */
export interface Word {
  start: number;
  end: number;
}

// Intl.Segmenter knows where words end in scripts without spaces (Thai, Burmese, Chinese).
const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/** The words of the paragraph holding `offset` (punctuation and spaces are not words). */
function wordsOf(text: string, para: Paragraph): Word[] {
  const words: Word[] = [];
  for (const s of segmenter.segment(text.slice(para.start, para.end))) {
    if (s.isWordLike)
      words.push({ start: para.start + s.index, end: para.start + s.index + s.segment.length });
  }
  return words;
}

/**
 * The first word that starts at or after `offset` (`step` 1) or the last that starts before it
 * (`step` -1), across paragraphs; null past either end of the text.
 */
export function wordFrom(
  text: string,
  paragraphs: Paragraph[],
  offset: number,
  step: 1 | -1,
): Word | null {
  if (paragraphs.length === 0) return null;
  for (let p = paragraphAt(paragraphs, offset); p >= 0 && p < paragraphs.length; p += step) {
    const words = wordsOf(text, paragraphs[p]!);
    const found =
      step === 1 ? words.find((w) => w.start >= offset) : words.findLast((w) => w.start < offset);
    if (found) return found;
  }
  return null;
}

/**
 * A selection's end moved by one word: forward to the end of the next word, backward to the end
 * of the word before the last one, never before the end of the first word. The end always lands
 * on a word's last character, so a selection never ends in a space.
 */
export function extendByWord(
  text: string,
  paragraphs: Paragraph[],
  selection: { start: number; end: number },
  step: 1 | -1,
): { start: number; end: number } {
  const { start, end } = selection;
  if (step === 1) {
    // Inside a word (a dragged selection), its end first; then the next word's.
    const current = wordFrom(text, paragraphs, end, -1);
    if (current && current.end > end) return { start, end: current.end };
    const next = wordFrom(text, paragraphs, end, 1);
    return next ? { start, end: next.end } : selection;
  }
  const last = wordFrom(text, paragraphs, end, -1);
  const before = last ? wordFrom(text, paragraphs, last.start, -1) : null;
  if (!before || before.end <= start) {
    const first = wordFrom(text, paragraphs, start, 1);
    return { start, end: first && first.end < end ? first.end : end };
  }
  return { start, end: before.end };
}

/** `[start, end)` without the white space at either end (a passage never starts or ends in it). */
export function trimSpace(
  text: string,
  start: number,
  end: number,
): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
