/** The longest passage the API stores (its MAX_QUOTE_LENGTH), in UTF-16 units. */
export const MAX_PASSAGE_LENGTH = 20_000;

import type { Passage } from "./highlights.ts";

/** How many passages carry each code. */
export function countByTag(passages: Iterable<Passage>): Map<string, number> {
  const map = new Map<string, number>();
  for (const a of passages) for (const t of a.tags) map.set(t, (map.get(t) ?? 0) + 1);
  return map;
}

/** The passages with code `tag`; all of them without a filter. */
export function withTag<P extends Passage>(passages: P[], tag: string | null): P[] {
  return tag ? passages.filter((a) => a.tags.includes(tag)) : passages;
}

/**
 * The shortest passage over `offset`, the most specific one when passages nest; `passages` are in
 * text order.
 */
export function innermostAt<P extends Passage>(passages: P[], offset: number): P | undefined {
  let best: P | undefined;
  for (const a of passages) {
    if (a.start > offset) break;
    if (a.end > offset && (!best || a.end - a.start < best.end - best.start)) best = a;
  }
  return best;
}
