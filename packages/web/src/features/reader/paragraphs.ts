/** A paragraph of canonical text, `[start, end)` in UTF-16 code units. */
export interface Paragraph {
  start: number;
  end: number;
}

/**
 * Paragraph ranges of canonical text, which separates paragraphs by exactly "\n\n" (the same
 * rule as the server's `paragraphs`). The separators belong to no paragraph, but they are part of
 * the text, so a passage that crosses paragraphs includes them in its offsets and quote.
 */
export function splitParagraphs(text: string): Paragraph[] {
  const result: Paragraph[] = [];
  let start = 0;
  while (start <= text.length) {
    const gap = text.indexOf("\n\n", start);
    const end = gap === -1 ? text.length : gap;
    if (end > start) result.push({ start, end });
    if (gap === -1) break;
    start = gap + 2;
  }
  return result;
}

/** Index of the last paragraph that starts at or before `offset` (0 when none does). */
export function paragraphAt(paragraphs: Paragraph[], offset: number): number {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
