import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { num, optRecords, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { removeLinksOf } from "../link/cleanup.ts";
import * as Link from "../link/item.ts";
import { tagsOf } from "./item.ts";
import type { Annotation } from "./schema.ts";

/**
 * What follows an annotation's recorded write, whoever lands it (its request, or the next one
 * after a crash): the document's counts, the links of a deleted passage, and the links of a
 * restored one whose other end still exists.
 */
History.onApplied("annotation", async (ctx, entry) => {
  const documentId = entry.documentId;
  if (!documentId) return;
  if (entry.write.op === "delete") await removeLinksOf(ctx, entry.workspaceId, [entry.entityId]);
  const tags: Record<string, number> = {};
  for (const tag of tagsOf(entry.before)) tags[tag] = (tags[tag] ?? 0) - 1;
  for (const tag of tagsOf(entry.after)) tags[tag] = (tags[tag] ?? 0) + 1;
  await Document.adjustCounts(ctx, entry.workspaceId, documentId, {
    total: (entry.after ? 1 : 0) - (entry.before ? 1 : 0),
    tags,
  });
  if (entry.action === "restore") await restoreLinks(ctx, entry);
});

/** Puts back the links a passage had when it was deleted, where the other end is still there. */
async function restoreLinks(ctx: Context, entry: History.StoredEntry): Promise<void> {
  const links = (entry.related ? optRecords(entry.related.links, "links") : undefined) ?? [];
  for (const link of links) {
    const ends = Link.endsOf(link);
    const other = ends.fromId === entry.entityId ? ends.toId : ends.fromId;
    const end = await ctx.db.send(
      new GetCommand({ TableName: ctx.table, Key: keys.annotation(entry.workspaceId, other) }),
    );
    if (!end.Item) continue;
    const { id } = ends;
    const previous = await History.latest(ctx, entry.workspaceId, History.entityOf("link", id));
    const version = (previous?.version ?? 0) + 1;
    const item = Link.restoredItem(entry.workspaceId, link, version);
    await History.commit(ctx, {
      workspaceId: entry.workspaceId,
      kind: "link",
      entityId: id,
      version,
      action: "restore",
      cause: `annotation.restore:${entry.entityId}`,
      before: null,
      after: History.snapshotOf(item),
      write: { op: "put", item },
    });
  }
}

/**
 * Restores a deleted passage from its history, exactly as it was deleted: codes, note, placement
 * (offsets, quote, the text version it refers to) and its links. It is recorded as the next
 * version of the same annotation, keeping its id, so deep links to it work again.
 */
export async function restore(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
  load: (ctx: Context, workspaceId: string, annotationId: string) => Promise<Annotation>,
): Promise<Annotation> {
  const entity = History.entityOf("annotation", annotationId);
  const last = await History.latest(ctx, workspaceId, entity);
  if (!last) {
    throw new GlossError(
      "not_found",
      "annotation.not_found",
      "no such annotation in this workspace",
    );
  }
  const status = await History.settle(ctx, last);
  if (last.action !== "delete" || status !== "applied" || !last.before) {
    throw new GlossError(
      "conflict",
      "annotation.not_deleted",
      "this annotation is not deleted; only a deleted passage can be restored",
    );
  }
  const before = last.before;
  const documentId = str(before.documentId, "documentId");
  await Document.get(ctx, workspaceId, documentId).catch(() => {
    throw new GlossError(
      "conflict",
      "annotation.document_gone",
      "the document of this passage was deleted; it cannot be restored on its own",
    );
  });
  const version = last.version + 1;
  const item = {
    ...keys.annotation(workspaceId, annotationId),
    ...keys.annotationIndex({
      id: annotationId,
      documentId,
      start: num(before.start, "start"),
      end: num(before.end, "end"),
    }),
    ...before,
    version,
  };
  const restored = await History.commit(ctx, {
    workspaceId,
    kind: "annotation",
    entityId: annotationId,
    version,
    action: "restore",
    cause: `history:${entity}@${last.version}`,
    documentId,
    before: null,
    after: History.snapshotOf(item),
    related: last.related,
    write: { op: "put", item },
  });
  if (!restored.ok) {
    throw new GlossError("conflict", "annotation.not_deleted", "this passage was restored already");
  }
  return load(ctx, workspaceId, annotationId);
}
