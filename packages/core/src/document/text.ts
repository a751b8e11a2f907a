import type { Context } from "../context/index.ts";
import * as Storage from "../storage/index.ts";
import { getItem } from "./document.ts";
import { fromItem, servedOf, textKeyOf, versionOf } from "./item.ts";
import type { Document } from "./schema.ts";

/**
 * A document's text and page layout, version by version: what the reader, the annotation create
 * path and the exports read once a document is stored. Both live in S3 beside each other
 * (`storage/keys.ts`); the item says which version is served.
 */

/** The canonical text of a document's current version, or of an earlier one. */
export async function getText(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version?: number,
): Promise<string> {
  const item = await getItem(ctx, workspaceId, documentId);
  const wanted = versionOf(item, version);
  return Storage.getText(
    ctx,
    wanted === servedOf(item).version
      ? textKeyOf(item)
      : Storage.objectKeys.text(workspaceId, documentId, wanted),
  );
}

/**
 * A document and its current canonical text, from one read of its item (GetItem, then the text
 * object, cached); `document.not_ready` while it has none: the annotation create path needs both, and reading the item twice was a
 * serial round trip.
 */
export async function getWithText(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<{ document: Document; text: string }> {
  const item = await getItem(ctx, workspaceId, documentId);
  versionOf(item, undefined);
  const text = await Storage.getText(ctx, textKeyOf(item));
  return { document: fromItem(item, ctx.now()), text };
}

/**
 * Page start offsets of a version (PDF sources): `pages[i]` is where page i + 1 starts in the
 * canonical text. Null for sources without pages. Stored in S3, since a long report's list
 * would outgrow a table item.
 */
export async function getPages(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version?: number,
): Promise<{ version: number; pageStarts: number[] | null }> {
  const item = await getItem(ctx, workspaceId, documentId);
  const wanted = versionOf(item, version);
  const key = Storage.objectKeys.pages(workspaceId, documentId, wanted);
  if ((await Storage.sizeOf(ctx, key)) === null) return { version: wanted, pageStarts: null };
  const stored: unknown = JSON.parse(await Storage.getText(ctx, key));
  if (!Array.isArray(stored) || !stored.every((start) => typeof start === "number")) {
    throw new Error(`${key}: the page starts are not a list of offsets`);
  }
  return { version: wanted, pageStarts: stored };
}

/** The page (1-based) an offset falls on, given a version's page starts; null without pages. */
export function pageAt(pageStarts: readonly number[] | null, offset: number): number | null {
  if (!pageStarts || pageStarts.length === 0) return null;
  // The last page whose start is at or before the offset (binary search; starts ascend).
  let low = 0;
  let high = pageStarts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (pageStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
