import { BatchGetCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Served } from "../annotation/placement.ts";
import type { AttributeValues } from "../attribute/schema.ts";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { documentAnnotationsPk, keys, prefixes, workspacePk } from "../db/keys.ts";
import { type Page, type PageOptions, queryAll, queryPage } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { newId } from "../id/index.ts";
import { removeLinksOf } from "../link/cleanup.ts";
import * as Provenance from "../provenance/index.ts";
import { removeConsensusOfDocument } from "../round/consensus-document.ts";
import { revokeAllOfDocument } from "../share/share.ts";
import * as Storage from "../storage/index.ts";
import { canonicalize } from "../text/index.ts";
import { detectLanguage } from "../text/language.ts";
import { attributesOf, freshFields, fromItem, idOf, servedOf, toItem } from "./item.ts";
import { limits } from "./limits.ts";
import type { Document, UpdateDocumentInput } from "./schema.ts";
import { searchPackOf } from "./search-pack.ts";
import { putVersionText } from "./version.ts";

export interface NewDocument {
  title: string;
  text: string;
  sourceUrl?: string | undefined;
  publishedAt?: string | undefined;
  author?: string | null | undefined;
  /** Page start offsets into the canonical text (PDF sources); `text` must be canonical then. */
  pages?: number[] | null | undefined;
  /** The file as uploaded; pasted text is kept as `pasted.txt`. */
  original?: { bytes: Uint8Array; fileName: string; contentType: string };
  /** How it came in, for its provenance (default: upload with a file, paste without). */
  origin?: { source: Provenance.SourceKind; capture?: Provenance.Capture | null };
}

/** Refuses text that is empty or over the text limit. */
export function checkText(text: string): void {
  if (text.length === 0) {
    throw new GlossError(
      "invalid",
      "document.empty",
      "the document has no text once whitespace is removed",
    );
  }
  const { maxTextLength } = limits();
  if (text.length > maxTextLength) {
    throw new GlossError(
      "too_large",
      "document.text_too_large",
      `the text is ${text.length} characters; the limit is ${maxTextLength}`,
    );
  }
}

/**
 * Creates a document: canonical text and original go to S3 first, the item last, so a document is
 * never listed before its text exists. A crash in between leaves only unreferenced objects.
 */
export async function create(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: NewDocument,
  /** `id`: an id reserved for this create (idempotent retries); an existing one is returned. */
  options: { id?: string | undefined } = {},
): Promise<Document> {
  if (options.id) {
    const existing = await get(ctx, workspaceId, options.id).catch(() => null);
    if (existing) return existing;
  }
  const text = canonicalize(input.text);
  checkText(text);
  const now = ctx.now();
  const id = options.id ?? newId("doc", now.getTime());
  const textVersion = 1;
  const original = input.original ?? {
    bytes: new TextEncoder().encode(input.text),
    fileName: "pasted.txt",
    contentType: "text/plain; charset=utf-8",
  };
  const originalKey = Storage.objectKeys.original(workspaceId, id, textVersion, original.fileName);
  await Storage.putObject(ctx, originalKey, original.bytes, original.contentType);
  const textKey = await putVersionText(ctx, workspaceId, id, textVersion, text, input.pages);
  await Provenance.recordVersion(
    ctx,
    workspaceId,
    id,
    { version: textVersion, text, original },
    {
      source: input.origin?.source ?? (input.original ? "upload" : "paste"),
      addedBy: userId,
      capture: input.origin?.capture,
    },
    { replace: false },
  );
  const item = toItem({
    id,
    workspaceId,
    title: input.title,
    sourceUrl: input.sourceUrl,
    publishedAt: input.publishedAt,
    author: input.author,
    status: "ready",
    textLength: text.length,
    textVersion,
    pageCount: input.pages?.length,
    language: detectLanguage(text) ?? null,
    textKey,
    originalKey,
    fileName: input.original ? original.fileName : undefined,
    contentType: original.contentType,
    ...freshFields(userId, now),
  });
  if (!(await putNew(ctx, item))) {
    // A concurrent retry with the same reserved id finished first: its document is this one.
    if (options.id) return get(ctx, workspaceId, id);
    throw idTaken();
  }
  return fromItem(item, ctx.now());
}

/** Puts a new document item unless its key is taken; false when it was. */
export async function putNew(ctx: Context, item: ReturnType<typeof toItem>): Promise<boolean> {
  return writeIf(
    ctx,
    new PutCommand({
      TableName: ctx.table,
      Item: item,
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

/** A fresh id is never taken; refusing is still better than overwriting a document. */
export function idTaken(): GlossError {
  return new GlossError("conflict", "document.exists", "the document id is taken");
}

/** A document's stored item (GetItem); not_found when absent. */
export async function getItem(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Record<string, unknown>> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.document(workspaceId, documentId) }),
  );
  if (!result.Item) throw notFound();
  return result.Item;
}

/** A document with the version it serves, from one GetItem, so both are read at one instant. */
export async function getServed(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<{ document: Document; served: Served }> {
  const item = await getItem(ctx, workspaceId, documentId);
  return { document: fromItem(item, ctx.now()), served: servedOf(item) };
}

/** The version each of these documents serves; documents that do not exist are left out. */
export async function servedVersions(
  ctx: Context,
  workspaceId: string,
  documentIds: Iterable<string>,
): Promise<Map<string, Served>> {
  const served = new Map<string, Served>();
  const ids = [...new Set(documentIds)];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    let wanted: Record<string, unknown>[] = chunk.map((id) => keys.document(workspaceId, id));
    for (let attempt = 0; wanted.length > 0; attempt++) {
      if (attempt > 8) {
        throw new GlossError("unavailable", "storage.unavailable", "storage is busy; try again");
      }
      if (attempt > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const result = await ctx.db.send(
        new BatchGetCommand({
          RequestItems: {
            [ctx.table]: { Keys: wanted, ProjectionExpression: "id, textVersion, textChange" },
          },
        }),
      );
      for (const item of result.Responses?.[ctx.table] ?? []) {
        served.set(idOf(item), servedOf(item));
      }
      wanted = result.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
    }
  }
  return served;
}

/** A document of a workspace (GetItem). */
export async function get(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Document> {
  return fromItem(await getItem(ctx, workspaceId, documentId), ctx.now());
}

/** Documents of a workspace, newest first (Query `WS#<id>`, `DOC#` prefix, descending). */
export async function list(
  ctx: Context,
  workspaceId: string,
  options: PageOptions & {
    titleContains?: string | undefined;
    /** Keep only documents whose attribute values pass (the `attr.*` filter). */
    valuesPass?: ((values: AttributeValues) => boolean) | undefined;
  },
): Promise<Page<Document>> {
  const needle = options.titleContains?.toLocaleLowerCase();
  const { valuesPass } = options;
  const page = await queryPage(
    ctx,
    {
      partition: ["pk", workspacePk(workspaceId)],
      beginsWith: ["sk", prefixes.document],
      newestFirst: true,
      ...(needle || valuesPass
        ? {
            keep: (item) =>
              (!needle || String(item.title).toLocaleLowerCase().includes(needle)) &&
              (!valuesPass || valuesPass(attributesOf(item))),
          }
        : {}),
    },
    options,
  );
  const now = ctx.now();
  return { items: page.items.map((item) => fromItem(item, now)), nextCursor: page.nextCursor };
}

/** A metadata change; `attributes`, when given, is the document's whole new set, already checked. */
export type DocumentChange = Omit<UpdateDocumentInput, "attributes"> & {
  attributes?: AttributeValues | undefined;
};

/**
 * Changes title, source, date, author or language; conflict with the current document when
 * `version` is stale.
 */
export async function update(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  input: DocumentChange,
): Promise<Document> {
  const set: Record<string, unknown> = { updatedAt: ctx.now().toISOString() };
  const remove: string[] = [];
  if (input.attributes !== undefined) set.attributes = input.attributes;
  // A language set or cleared by hand is the user's word: the export no longer detects over it.
  if (input.language !== undefined) set.languageSource = "edited";
  for (const field of ["title", "sourceUrl", "publishedAt", "author", "language"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (value === null) remove.push(field);
    else set[field] = value;
  }
  const item = await getItem(ctx, workspaceId, documentId);
  const changed =
    item.version === input.version
      ? await History.changeItem(ctx, {
          kind: "document",
          item,
          set,
          remove,
          action: "update",
          documentId,
        })
      : null;
  if (changed?.ok) {
    // A change completed from its history entry returns no item: read the document as it now is.
    return changed.attributes
      ? fromItem(changed.attributes, ctx.now())
      : get(ctx, workspaceId, documentId);
  }
  const current = await get(ctx, workspaceId, documentId);
  throw new GlossError(
    "conflict",
    "document.version_conflict",
    `the document is at version ${current.version}, not ${input.version}; reload and try again`,
    { current },
  );
}

/**
 * Deletes a document and everything of it: annotations, then objects, then the document item.
 * The item goes last so an interrupted delete can simply be repeated.
 */
export async function remove(ctx: Context, workspaceId: string, documentId: string): Promise<void> {
  const pack = searchPackOf(await getItem(ctx, workspaceId, documentId));
  // Share links first: access through them ends before anything else goes.
  await revokeAllOfDocument(ctx, workspaceId, documentId);
  const annotations = (
    await queryAll(ctx, {
      index: "gsi1",
      partition: ["gsi1pk", documentAnnotationsPk(documentId)],
      beginsWith: ["gsi1sk", prefixes.annotation],
    })
  ).filter((a) => a.workspaceId === workspaceId);
  await removeLinksOf(
    ctx,
    workspaceId,
    annotations.map((a) => String(a.id)),
  );
  // Each passage's deletion is recorded with its whole item, so the history outlives them.
  for (let i = 0; i < annotations.length; i += 16) {
    await Promise.all(
      annotations.slice(i, i + 16).map((item) =>
        History.deleteItem(ctx, {
          kind: "annotation",
          item,
          documentId,
          cause: `document.delete:${documentId}`,
        }),
      ),
    );
  }
  await removeConsensusOfDocument(ctx, workspaceId, documentId);
  await Storage.deletePrefix(ctx, Storage.objectKeys.documentPrefix(workspaceId, documentId));
  // The search pack holding its text goes too (the other documents in it are then read from their
  // own objects until the pack builder packs them again). Only a key of this workspace's packs.
  if (pack?.key.startsWith(Storage.objectKeys.searchPacks(workspaceId))) {
    await Storage.deleteObjects(ctx, [pack.key]);
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = await getItem(ctx, workspaceId, documentId).catch(() => null);
    if (!item) return;
    if ((await History.deleteItem(ctx, { kind: "document", item, documentId })).ok) return;
  }
  throw new GlossError(
    "conflict",
    "document.version_conflict",
    "the document kept changing while it was deleted; delete it again",
  );
}

function notFound() {
  return new GlossError("not_found", "document.not_found", "no such document in this workspace");
}
