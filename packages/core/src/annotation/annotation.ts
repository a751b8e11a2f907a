import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { type Item, keyOf, num, str } from "../db/fields.ts";
import { documentAnnotationsPk, keys, prefixes, workspacePk } from "../db/keys.ts";
import {
  allPages,
  MAX_PAGE_SIZE,
  type Page,
  type PageOptions,
  queryAll,
  queryPage,
} from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { newId } from "../id/index.ts";
import { linkItemsOf } from "../link/cleanup.ts";
import { resolveSelector } from "../text/index.ts";
import { restore as restoreFromHistory } from "./history.ts";
import { fromItem, tagsOf, toItem } from "./item.ts";
import { anchorsForOf } from "./placement.ts";
import type {
  Annotation,
  CreateAnnotationInput,
  ImportedCreator,
  UpdateAnnotationInput,
} from "./schema.ts";

/**
 * Items with the version their documents serve, read after the items: a document that flips in
 * between is then already seen at its new version, which placements written before the flip
 * cover. An item whose document is gone is shown as stored.
 */
async function withServed(ctx: Context, workspaceId: string, items: Item[]): Promise<Annotation[]> {
  const documentIds = items.map((item) => str(item.documentId, "documentId"));
  const served = await Document.servedVersions(ctx, workspaceId, documentIds);
  return items.map((item, i) =>
    fromItem(item, served.get(documentIds[i]!) ?? { version: anchorsForOf(item), change: null }),
  );
}

/** Refuses codes the workspace's codebook does not have. */
async function checkTags(ctx: Context, workspaceId: string, tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  const known = new Set((await Codebook.list(ctx, workspaceId)).map((t) => t.id));
  const unknown = tags.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new GlossError(
      "invalid",
      "annotation.unknown_tag",
      `not in this workspace's codebook: ${unknown.join(", ")}`,
      { unknown },
    );
  }
}

function checkNotEmpty(tags: string[], note: string) {
  if (tags.length === 0 && note.trim() === "") {
    throw new GlossError(
      "invalid",
      "annotation.empty",
      "an annotation needs at least one code or a note",
    );
  }
}

/** Annotates a passage; the quote must equal the document's text between the offsets. */
export async function create(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  userId: string,
  input: CreateAnnotationInput,
  /**
   * `id`: an id reserved for this create (idempotent retries); an existing one is returned, or,
   * with `refuseExisting`, refused (409 `annotation.exists`) so a caller that counts what it
   * created can tell its own write from a concurrent one.
   */
  options: {
    id?: string | undefined;
    refuseExisting?: boolean;
    /** Who made it in the tool it is imported from (attribution; `userId` stays the owner). */
    importedCreator?: ImportedCreator | undefined;
  } = {},
): Promise<Annotation> {
  // The reads are independent: made at once, their answers judged in the order the checks had
  // when they were made one after another (so the same input gets the same error), and every one
  // settled first, so none is left to reject unobserved.
  const [existing, read, tagsChecked] = await Promise.allSettled([
    options.id ? get(ctx, workspaceId, options.id).catch(() => null) : Promise.resolve(null),
    Document.getWithText(ctx, workspaceId, documentId),
    checkTags(ctx, workspaceId, input.tags),
  ]);
  const found = existing.status === "fulfilled" ? existing.value : null;
  if (found && options.refuseExisting) {
    throw new GlossError("conflict", "annotation.exists", "this passage is already annotated");
  }
  if (found) return found;
  const note = input.note ?? "";
  checkNotEmpty(input.tags, note);
  if (read.status === "rejected") throw read.reason;
  const { document, text } = read.value;
  if (document.pendingVersion !== null) {
    // Its annotations are being moved to the new text; one made on the old text now would be
    // left behind.
    throw new GlossError(
      "conflict",
      "document.version_in_progress",
      "a new version of this document is being applied; reload the document and try again",
    );
  }
  const selector = resolveSelector(text, input);
  if (tagsChecked.status === "rejected") throw tagsChecked.reason;
  const now = ctx.now();
  const id = options.id ?? newId("ann", now.getTime());
  const annotation: Annotation = {
    id,
    workspaceId,
    documentId,
    ...selector,
    tags: input.tags,
    note,
    status: "anchored",
    textVersion: document.textVersion,
    createdBy: userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    ...(options.importedCreator ? { importedCreator: options.importedCreator } : {}),
  };
  const item = toItem(annotation);
  // The history entry first, then the item; the document's counts follow (annotation/history.ts).
  const created = await History.commit(ctx, {
    workspaceId,
    kind: "annotation",
    entityId: id,
    version: 1,
    action: "create",
    documentId,
    before: null,
    after: History.snapshotOf(item),
    write: { op: "put", item },
    by: userId,
  });
  if (!created.ok) {
    throw new GlossError("conflict", "annotation.exists", "this passage is already annotated");
  }
  return annotation;
}

/** An annotation of a workspace (GetItem). */
export async function get(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<Annotation> {
  return (await withServed(ctx, workspaceId, [await getItem(ctx, workspaceId, annotationId)]))[0]!;
}

/** An annotation's stored item (GetItem); not_found when absent. */
async function getItem(ctx: Context, workspaceId: string, annotationId: string): Promise<Item> {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.annotation(workspaceId, annotationId),
    }),
  );
  if (!result.Item) throw notFound();
  return result.Item;
}

const hasTag = (tag: string | undefined) =>
  tag ? (item: Item) => tagsOf(item).includes(tag) : undefined;

/** Annotations of a document, in text order (Query GSI1 `DOC#<id>`), optionally of one code. */
export async function listByDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  options: PageOptions & { tag?: string | undefined },
): Promise<Page<Annotation>> {
  const keep = hasTag(options.tag);
  const page = await queryPage(
    ctx,
    {
      index: "gsi1",
      partition: ["gsi1pk", documentAnnotationsPk(documentId)],
      beginsWith: ["gsi1sk", prefixes.annotation],
      ...(keep ? { keep } : {}),
    },
    options,
  );
  // The document after its annotations: see `withServed`.
  const { served } = await Document.getServed(ctx, workspaceId, documentId);
  return {
    items: page.items.map((item) => fromItem(item, served)),
    nextCursor: page.nextCursor,
  };
}

/** Every annotation of a document, in text order: all of `listByDocument`'s pages. */
export async function listAllByDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Annotation[]> {
  return allPages((page) => listByDocument(ctx, workspaceId, documentId, page));
}

/**
 * Annotations of a workspace in creation order (Query `WS#<id>`, `ANN#` prefix), optionally of one
 * code or one document (then in text order).
 */
export async function listByWorkspace(
  ctx: Context,
  workspaceId: string,
  options: PageOptions & { tag?: string | undefined; documentId?: string | undefined },
): Promise<Page<Annotation>> {
  if (options.documentId) return listByDocument(ctx, workspaceId, options.documentId, options);
  const keep = hasTag(options.tag);
  const page = await queryPage(
    ctx,
    {
      partition: ["pk", workspacePk(workspaceId)],
      beginsWith: ["sk", prefixes.annotation],
      ...(keep ? { keep } : {}),
    },
    options,
  );
  return { items: await withServed(ctx, workspaceId, page.items), nextCursor: page.nextCursor };
}

/** Changes codes or note; conflict with the current annotation when `version` is stale. */
export async function update(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
  input: UpdateAnnotationInput,
): Promise<Annotation> {
  const item = await getItem(ctx, workspaceId, annotationId);
  const current = fromItem(item);
  const tags = input.tags ?? current.tags;
  const note = input.note ?? current.note;
  checkNotEmpty(tags, note);
  if (input.tags) await checkTags(ctx, workspaceId, input.tags);
  const changed =
    current.version === input.version
      ? await History.commit(
          ctx,
          changeOf(item, { tags, note, updatedAt: ctx.now().toISOString() }, "update"),
        )
      : { ok: false as const };
  if (changed.ok) return (await withServed(ctx, workspaceId, [changed.attributes ?? {}]))[0]!;
  const latest = await get(ctx, workspaceId, annotationId);
  throw new GlossError(
    "conflict",
    "annotation.version_conflict",
    `the annotation is at version ${latest.version}, not ${input.version}; reload and try again`,
    { current: latest },
  );
}

/** The recorded change that sets `set` on a stored annotation, from its version to the next. */
function changeOf(item: Item, set: Item, action: string, cause?: string): History.Change {
  const version = num(item.version, "version");
  return {
    workspaceId: str(item.workspaceId, "workspaceId"),
    kind: "annotation",
    entityId: str(item.id, "id"),
    version: version + 1,
    action,
    cause: cause ?? null,
    documentId: str(item.documentId, "documentId"),
    before: History.snapshotOf(item),
    after: { ...History.snapshotOf(item), ...set, version: version + 1 },
    write: { op: "update", key: keyOf(item), set, expect: version },
  };
}

/**
 * Deletes an annotation. Its history entry keeps the whole item and its links, so it can be
 * restored; the links and counts go after the item (annotation/history.ts).
 */
export async function remove(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await getItem(ctx, workspaceId, annotationId);
    const links = (await linkItemsOf(ctx, workspaceId, annotationId)).map(History.snapshotOf);
    const version = num(item.version, "version");
    const removed = await History.commit(ctx, {
      workspaceId,
      kind: "annotation",
      entityId: annotationId,
      version: version + 1,
      action: "delete",
      documentId: str(item.documentId, "documentId"),
      before: History.snapshotOf(item),
      after: null,
      related: { links },
      write: { op: "delete", key: keyOf(item), expect: version },
    });
    if (removed.ok) return;
  }
  throw new GlossError(
    "conflict",
    "annotation.version_conflict",
    "the annotation kept changing while it was deleted; try again",
  );
}

/** Whether any annotation of the workspace uses a code (Query `WS#<id>`, stops at the first). */
export async function isTagUsed(
  ctx: Context,
  workspaceId: string,
  tagId: string,
): Promise<boolean> {
  const page = await listByWorkspace(ctx, workspaceId, { tag: tagId, limit: 1 });
  return page.items.length > 0;
}

/** Removes a code from every annotation that has it; returns how many changed. */
export async function stripTag(ctx: Context, workspaceId: string, tagId: string): Promise<number> {
  const using = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.annotation],
    keep: hasTag(tagId)!,
  });
  let changed = 0;
  for (const item of using) {
    // Retry on a concurrent edit: re-read and strip again, never overwrite someone's change.
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored =
        attempt === 0
          ? item
          : await getItem(ctx, workspaceId, str(item.id, "id")).catch(() => null);
      if (!stored) break;
      const current = fromItem(stored);
      if (!current.tags.includes(tagId)) break;
      const stripped = await History.commit(
        ctx,
        changeOf(
          stored,
          { tags: current.tags.filter((t) => t !== tagId), updatedAt: ctx.now().toISOString() },
          "update",
          `code.delete:${tagId}`,
        ),
      );
      if (stripped.ok) {
        changed++;
        break;
      }
    }
  }
  return changed;
}

/** Restores a deleted passage from its history (see annotation/history.ts). */
export async function restore(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<Annotation> {
  return restoreFromHistory(ctx, workspaceId, annotationId, get);
}

function notFound() {
  return new GlossError(
    "not_found",
    "annotation.not_found",
    "no such annotation in this workspace",
  );
}
