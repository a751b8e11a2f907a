import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { isRecord } from "../db/fields.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { fromItem } from "./item.ts";
import type { Document } from "./schema.ts";

/**
 * Where the search reads a document's preparation from when it is stored in a search pack
 * (search/packs.ts): one S3 object holding the preparations of many documents, so a cold search
 * makes a GET per pack instead of one per document. The document item records it as
 * `searchPack`; it is not part of the `Document` the API shows, and no history entry records its
 * changes (it is a pointer to derived data, not something a person changed).
 *
 * The pointer names the text version it was written for: a new version leaves it stale, and a
 * reader ignores a pointer whose version is not the document's (the per-version object is read
 * instead). The pack itself is checked against the document too, so a wrong pointer costs a read,
 * never a wrong answer.
 */
export interface SearchPack {
  /** The pack object's key. */
  key: string;
  /** The text version whose preparation the pack holds. */
  version: number;
  /** How many documents the pack holds: fewer pointing at it means it has stale entries. */
  documents: number;
}

/** The pointer an item records, or null (none, or not of this shape). */
export function searchPackOf(item: Record<string, unknown>): SearchPack | null {
  const stored = item.searchPack;
  if (!isRecord(stored)) return null;
  const { key, version, documents } = stored;
  if (typeof key !== "string" || typeof version !== "number" || typeof documents !== "number") {
    return null;
  }
  return { key, version, documents };
}

/** A ready document and the search pack its item points to (null: none). */
export interface SearchListing {
  document: Document;
  searchPack: SearchPack | null;
}

/**
 * The ready documents of a workspace with their search-pack pointers, every page (Query `WS#<id>`,
 * `DOC#` prefix): what a search lists before it plans its shards, and what the pack builder reads.
 */
export async function listForSearch(ctx: Context, workspaceId: string): Promise<SearchListing[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.document],
  });
  const now = ctx.now();
  return items.flatMap((item) => {
    const document = fromItem(item, now);
    return document.status === "ready" ? [{ document, searchPack: searchPackOf(item) }] : [];
  });
}

/**
 * Points a document at the search pack that holds its current version's preparation, if that
 * version is still current (UpdateItem on `textVersion`); false when it is not (a new version, a
 * deleted document). Neither `version` nor `updatedAt` changes: nothing a person sees changed.
 */
export async function setSearchPack(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  pack: SearchPack,
): Promise<boolean> {
  return writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression: "SET searchPack = :pack",
      ConditionExpression: "attribute_exists(pk) AND textVersion = :version",
      ExpressionAttributeValues: { ":pack": pack, ":version": pack.version },
    }),
  );
}
