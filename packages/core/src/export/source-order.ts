/**
 * Merging a coding layer's own passages into pages read in text order. Contract: pure; the merged
 * page is in a document's annotation index order (start, end, id).
 */
import type * as Annotation from "../annotation/index.ts";

type Passage = Annotation.Annotation;

/** Text order: by start, then end, then id (the order of a document's annotation index). */
function byPosition(a: Passage, b: Passage): number {
  return a.start - b.start || a.end - b.end || a.id.localeCompare(b.id);
}

/**
 * The layer's passages (text order) that belong in a page read in text order: those sorting no
 * later than its last passage, or all that remain after the last page; taken off `pending`.
 */
export function takeUpTo(pending: Passage[], page: Passage[], last: boolean): Passage[] {
  if (last) return pending.splice(0);
  const bound = page[page.length - 1];
  if (!bound) return [];
  let n = 0;
  while (n < pending.length && byPosition(pending[n]!, bound) <= 0) n++;
  return pending.splice(0, n);
}

/** A page in text order with a layer's passages merged into it. */
export function inOrder(page: Passage[], added: Passage[]): Passage[] {
  return [...page, ...added].sort(byPosition);
}
