import type { Annotation } from "../annotation/index.ts";
import * as AnnotationModule from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import type { Authored } from "../round/index.ts";
import { decodeCursor, encodeCursor, fingerprintOf } from "./cursor.ts";
import { foldTerm } from "./fold.ts";

export interface AnnotationSearch {
  /** Words that must all occur (case and diacritics ignored); empty: every annotation. */
  q: string;
  /** Where to look: the note, the quoted passage, or either. */
  in: "notes" | "quotes" | "both";
  /** Only annotations by these members (user ids). */
  authors?: string[] | undefined;
  /** Created on or after this day (YYYY-MM-DD, UTC). */
  from?: string | undefined;
  /** Created on or before this day (YYYY-MM-DD, UTC). */
  to?: string | undefined;
  /** Which passages the caller may see (blind rounds). */
  visible?: ((passage: Authored) => boolean) | undefined;
}

export interface AnnotationHit {
  annotation: Annotation;
  /** Which of the fields hold every word. */
  matched: Array<"note" | "quote">;
}

export interface AnnotationSearchPage {
  items: AnnotationHit[];
  total: number;
  nextCursor: string | null;
}

const FOLD = { caseSensitive: false };

/** Folded words of a query: each must occur somewhere in the field (substring, like the search). */
function wordsOf(q: string): string[] {
  return foldTerm(q, FOLD).split(" ").filter(Boolean);
}

const holdsAll = (field: string, words: string[]) => {
  if (words.length === 0) return true;
  const folded = foldTerm(field, FOLD);
  return words.every((w) => folded.includes(w));
};

/** Identifies an annotation search, so a cursor is refused with a different query. */
function fingerprint(search: AnnotationSearch): string {
  return fingerprintOf([search.q, search.in, search.authors ?? [], search.from, search.to]);
}

/** An annotation search cursor's place: the offset (`o`) of the next page's first hit. */
function offsetOf(value: object): number | null {
  return "o" in value && typeof value.o === "number" && Number.isInteger(value.o) && value.o >= 0
    ? value.o
    : null;
}

/**
 * Annotation search: the workspace's notes and quoted passages holding every word of `q`, by
 * author and creation date, newest first. Reads the workspace's annotations (Query of the
 * workspace partition, all pages) and filters in process; complete, like the text search.
 */
export async function searchAnnotations(
  ctx: Context,
  workspaceId: string,
  search: AnnotationSearch,
  page: { limit: number; cursor?: string | undefined },
): Promise<AnnotationSearchPage> {
  const print = fingerprint(search);
  const offset = page.cursor ? decodeCursor(page.cursor, print, offsetOf) : 0;
  const words = wordsOf(search.q);
  const authors = search.authors?.length ? new Set(search.authors) : null;
  const hits: AnnotationHit[] = [];
  let cursor: string | undefined;
  do {
    const batch = await AnnotationModule.listByWorkspace(ctx, workspaceId, { limit: 500, cursor });
    for (const annotation of batch.items) {
      if (search.visible && !search.visible(annotation)) continue;
      if (authors && !authors.has(annotation.createdBy)) continue;
      const day = annotation.createdAt.slice(0, 10);
      if (search.from && day < search.from) continue;
      if (search.to && day > search.to) continue;
      const matched: AnnotationHit["matched"] = [];
      if (search.in !== "quotes" && annotation.note && holdsAll(annotation.note, words)) {
        matched.push("note");
      }
      if (search.in !== "notes" && holdsAll(annotation.exact, words)) matched.push("quote");
      if (matched.length > 0) hits.push({ annotation, matched });
    }
    cursor = batch.nextCursor ?? undefined;
  } while (cursor);
  hits.sort(
    (a, b) =>
      b.annotation.createdAt.localeCompare(a.annotation.createdAt) ||
      a.annotation.id.localeCompare(b.annotation.id),
  );
  const items = hits.slice(offset, offset + page.limit);
  const next = offset + items.length;
  return {
    items,
    total: hits.length,
    nextCursor: next < hits.length ? encodeCursor(print, { o: next }) : null,
  };
}
