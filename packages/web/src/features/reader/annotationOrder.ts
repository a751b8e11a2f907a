import type { Annotation } from "../../api/types.ts";

/** Text order: by start, then end, then id, as the API lists them. */
export function byPosition(a: Annotation, b: Annotation): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A copy of `list` in text order. */
export const inTextOrder = (list: Annotation[]): Annotation[] => [...list].sort(byPosition);

/** Inserts into a sorted list with one binary search instead of a full sort. */
export function insertSorted(list: Annotation[], item: Annotation): Annotation[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byPosition(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return [...list.slice(0, lo), item, ...list.slice(lo)];
}
