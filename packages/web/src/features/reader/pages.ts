import { type Paragraph, paragraphAt } from "./paragraphs.ts";

/**
 * The page of the passage at `offset`: the last page whose start is at or before it (the rule of
 * the API's `Document.pageAt`), or null when the document has no pages.
 */
export function pageAt(pageStarts: readonly number[] | null, offset: number): number | null {
  if (!pageStarts || pageStarts.length === 0) return null;
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The page marker of each paragraph where a page starts: paragraph index → page number. PDF
 * ingest starts every page with a paragraph, so a page start is a paragraph start; a start in a
 * gap goes to the paragraph after it. Empty pages share their start with the next page, and the
 * later page wins, as `pageAt` decides; an empty last page gets no marker.
 */
export function pageMarkers(
  paragraphs: Paragraph[],
  pageStarts: readonly number[] | null,
): Map<number, number> {
  const markers = new Map<number, number>();
  if (!pageStarts || paragraphs.length === 0) return markers;
  pageStarts.forEach((start, i) => {
    let at = paragraphAt(paragraphs, start);
    if (start >= paragraphs[at]!.end) {
      // An empty last page starts at the end of the text: it has no paragraph to mark.
      if (at + 1 >= paragraphs.length) return;
      at += 1;
    }
    markers.set(at, i + 1);
  });
  return markers;
}
