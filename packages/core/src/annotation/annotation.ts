import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { documentAnnotationsPk, keys, prefixes, workspacePk } from "../db/keys.ts";
import { type Page, type PageOptions, queryAll, queryPage } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import { removeLinksOf } from "../link/cleanup.ts";
import { resolveSelector } from "../text/index.ts";
import { anchorsForOf, type Served, shownPlacement, storedPlacement } from "./placement.ts";
import type { Annotation, CreateAnnotationInput, UpdateAnnotationInput } from "./schema.ts";

/**
 * Items with the version their documents serve, read after the items: a document that flips in
 * between is then already seen at its new version, which placements written before the flip
 * cover. An item whose document is gone is shown as stored.
 */
async function withServed(
  ctx: Context,
  workspaceId: string,
  items: Record<string, unknown>[],
): Promise<Annotation[]> {
  const served = await Document.servedVersions(
    ctx,
    workspaceId,
    items.map((item) => item.documentId as string),
  );
  return items.map((item) =>
    toAnnotation(
      item,
      served.get(item.documentId as string) ?? { version: anchorsForOf(item), change: null },
    ),
  );
}

/**
 * An annotation as readers get it, placed on the version its document serves (`served`); without
 * one (internal uses that need only codes, note and ids) as stored.
 */
function toAnnotation(item: Record<string, unknown>, served?: Served): Annotation {
  const placement = served ? shownPlacement(item, served) : storedPlacement(item);
  return {
    id: item.id as string,
    workspaceId: item.workspaceId as string,
    documentId: item.documentId as string,
    start: placement.start,
    end: placement.end,
    exact: placement.exact,
    prefix: placement.prefix,
    suffix: placement.suffix,
    tags: (item.tags as string[]) ?? [],
    note: (item.note as string | undefined) ?? "",
    status: placement.status,
    textVersion: placement.textVersion,
    createdBy: item.createdBy as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
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
  options: { id?: string | undefined; refuseExisting?: boolean } = {},
): Promise<Annotation> {
  if (options.id) {
    const existing = await get(ctx, workspaceId, options.id).catch(() => null);
    if (existing && options.refuseExisting) {
      throw new GlossError("conflict", "annotation.exists", "this passage is already annotated");
    }
    if (existing) return existing;
  }
  const note = input.note ?? "";
  checkNotEmpty(input.tags, note);
  const document = await Document.get(ctx, workspaceId, documentId);
  if (document.pendingVersion !== null) {
    // Its annotations are being moved to the new text; one made on the old text now would be
    // left behind.
    throw new GlossError(
      "conflict",
      "document.version_in_progress",
      "a new version of this document is being applied; reload the document and try again",
    );
  }
  const text = await Document.getText(ctx, workspaceId, documentId, document.textVersion);
  const selector = resolveSelector(text, input);
  await checkTags(ctx, workspaceId, input.tags);
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
  };
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...keys.annotation(workspaceId, id),
        ...keys.annotationIndex(annotation),
        type: "annotation",
        ...annotation,
        anchorsFor: document.textVersion,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  await Document.adjustCounts(ctx, workspaceId, documentId, {
    total: 1,
    tags: countEach(input.tags, 1),
  });
  return annotation;
}

/** An annotation of a workspace (GetItem). */
export async function get(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<Annotation> {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.annotation(workspaceId, annotationId),
    }),
  );
  if (!result.Item) throw notFound();
  return (await withServed(ctx, workspaceId, [result.Item]))[0]!;
}

const hasTag = (tag: string | undefined) =>
  tag
    ? (item: Record<string, unknown>) => (item.tags as string[] | undefined)?.includes(tag) ?? false
    : undefined;

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
    items: page.items.map((item) => toAnnotation(item, served)),
    nextCursor: page.nextCursor,
  };
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
  const current = await get(ctx, workspaceId, annotationId);
  const tags = input.tags ?? current.tags;
  const note = input.note ?? current.note;
  checkNotEmpty(tags, note);
  if (input.tags) await checkTags(ctx, workspaceId, input.tags);
  try {
    const result = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.annotation(workspaceId, annotationId),
        UpdateExpression:
          "SET tags = :tags, note = :note, updatedAt = :now, version = version + :one",
        ConditionExpression: "attribute_exists(pk) AND version = :version",
        ExpressionAttributeValues: {
          ":tags": tags,
          ":note": note,
          ":now": ctx.now().toISOString(),
          ":one": 1,
          ":version": input.version,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    await Document.adjustCounts(ctx, workspaceId, current.documentId, {
      total: 0,
      tags: mergeCounts(countEach(current.tags, -1), countEach(tags, 1)),
    });
    return (await withServed(ctx, workspaceId, [result.Attributes ?? {}]))[0]!;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const latest = await get(ctx, workspaceId, annotationId);
    throw new GlossError(
      "conflict",
      "annotation.version_conflict",
      `the annotation is at version ${latest.version}, not ${input.version}; reload and try again`,
      { current: latest },
    );
  }
}

/** Deletes an annotation. */
export async function remove(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<void> {
  let deleted: Record<string, unknown> | undefined;
  try {
    const result = await ctx.db.send(
      new DeleteCommand({
        TableName: ctx.table,
        Key: keys.annotation(workspaceId, annotationId),
        ConditionExpression: "attribute_exists(pk)",
        ReturnValues: "ALL_OLD",
      }),
    );
    deleted = result.Attributes;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw notFound();
    throw error;
  }
  if (deleted) {
    await removeLinksOf(ctx, workspaceId, [annotationId]);
    const old = toAnnotation(deleted);
    await Document.adjustCounts(ctx, workspaceId, old.documentId, {
      total: -1,
      tags: countEach(old.tags, -1),
    });
  }
}

const countEach = (tags: string[], delta: number) =>
  Object.fromEntries(tags.map((t) => [t, delta]));

function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const merged = { ...a };
  for (const [tag, delta] of Object.entries(b)) merged[tag] = (merged[tag] ?? 0) + delta;
  return merged;
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
      const current =
        attempt === 0 ? toAnnotation(item) : await get(ctx, workspaceId, item.id as string);
      if (!current.tags.includes(tagId)) break;
      try {
        await ctx.db.send(
          new UpdateCommand({
            TableName: ctx.table,
            Key: keys.annotation(workspaceId, current.id),
            UpdateExpression: "SET tags = :tags, updatedAt = :now, version = version + :one",
            ConditionExpression: "version = :version",
            ExpressionAttributeValues: {
              ":tags": current.tags.filter((t) => t !== tagId),
              ":now": ctx.now().toISOString(),
              ":one": 1,
              ":version": current.version,
            },
          }),
        );
        await Document.adjustCounts(ctx, workspaceId, current.documentId, {
          total: 0,
          tags: { [tagId]: -1 },
        });
        changed++;
        break;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
  return changed;
}

function notFound() {
  return new GlossError(
    "not_found",
    "annotation.not_found",
    "no such annotation in this workspace",
  );
}
