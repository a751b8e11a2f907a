import { createHash } from "node:crypto";
import type { Annotation } from "../annotation/index.ts";
import * as AnnotationModule from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { GlossError } from "../error/index.ts";
import type { Authored } from "../round/index.ts";
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

function fingerprint(search: AnnotationSearch): string {
  return createHash("sha256")
    .update(JSON.stringify([search.q, search.in, search.authors ?? [], search.from, search.to]))
    .digest("base64url")
    .slice(0, 16);
}

function decodeOffset(cursor: string, print: string): number {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      typeof value === "object" &&
      value !== null &&
      "f" in value &&
      "o" in value &&
      value.f === print &&
      typeof value.o === "number" &&
      Number.isInteger(value.o) &&
      value.o >= 0
    ) {
      return value.o;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new GlossError(
    "malformed",
    "search.cursor_invalid",
    "the cursor is not one this search returned; start again without a cursor",
  );
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
  const offset = page.cursor ? decodeOffset(page.cursor, print) : 0;
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
    nextCursor:
      next < hits.length
        ? Buffer.from(JSON.stringify({ f: print, o: next })).toString("base64url")
        : null,
  };
}
