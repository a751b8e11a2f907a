import { BatchGetCommand, GetCommand, type NativeAttributeValue } from "@aws-sdk/lib-dynamodb";
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { type Item, str } from "../db/fields.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { type Page, type PageOptions, queryAll, queryPage } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { newId } from "../id/index.ts";
import { linkItemsOf } from "./cleanup.ts";
import { fromItem, type StoredLink, toItem } from "./item.ts";
import type { CreateLinkInput, Link } from "./schema.ts";

/**
 * Links one passage to another (same or another document). One item; both ends must exist in the
 * workspace, and the same pair with the same relation is refused as a duplicate.
 */
export async function create(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: CreateLinkInput,
  /** `id`: an id reserved for this create (idempotent retries); an existing one is returned. */
  options: { id?: string | undefined } = {},
): Promise<Link> {
  if (options.id) {
    const existing = await getStored(ctx, workspaceId, options.id);
    if (existing) return (await withEnds(ctx, workspaceId, [existing]))[0]!;
  }
  if (input.fromId === input.toId) {
    throw new GlossError("invalid", "link.self", "a passage cannot be linked to itself");
  }
  const [from, to] = await Promise.all([
    Annotation.get(ctx, workspaceId, input.fromId).catch(() => null),
    Annotation.get(ctx, workspaceId, input.toId).catch(() => null),
  ]);
  if (!from || !to) {
    throw new GlossError(
      "invalid",
      "link.unknown_annotation",
      `no such annotation: ${!from ? input.fromId : input.toId}`,
    );
  }
  const existing = await listOfAnnotation(ctx, workspaceId, input.fromId);
  if (
    existing.some(
      (l) =>
        l.relation === input.relation &&
        ((l.fromId === input.fromId && l.toId === input.toId) ||
          (l.fromId === input.toId && l.toId === input.fromId)),
    )
  ) {
    throw new GlossError(
      "conflict",
      "link.exists",
      "these passages are already linked with this relation",
    );
  }
  const now = ctx.now();
  const stored: StoredLink = {
    id: options.id ?? newId("lnk", now.getTime()),
    fromId: from.id,
    toId: to.id,
    fromDocumentId: from.documentId,
    toDocumentId: to.documentId,
    relation: input.relation,
    note: input.note ?? "",
    createdBy: userId,
    createdAt: now.toISOString(),
  };
  const created = await History.createItem(ctx, {
    kind: "link",
    item: toItem(workspaceId, stored, 1),
    by: userId,
  });
  if (!created.ok) {
    throw new GlossError("conflict", "link.exists", "a link with this id already exists");
  }
  return (await withEnds(ctx, workspaceId, [stored]))[0]!;
}

async function getStored(
  ctx: Context,
  workspaceId: string,
  linkId: string,
): Promise<StoredLink | null> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.link(workspaceId, linkId) }),
  );
  return result.Item ? fromItem(result.Item) : null;
}

/** Links of one annotation, either end (Query GSI1 `ANN#<id>` and GSI2 `ANN#<id>`). */
export async function listOfAnnotation(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<StoredLink[]> {
  return (await linkItemsOf(ctx, workspaceId, annotationId))
    .map(fromItem)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Links of a workspace in creation order (Query `WS#<id>`, `LNK#` prefix). */
export async function listByWorkspace(
  ctx: Context,
  workspaceId: string,
  options: PageOptions,
): Promise<Page<StoredLink>> {
  const page = await queryPage(
    ctx,
    { partition: ["pk", workspacePk(workspaceId)], beginsWith: ["sk", prefixes.link] },
    options,
  );
  return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
}

/** Every link of a workspace, for findings and exports. */
export async function listAll(ctx: Context, workspaceId: string): Promise<StoredLink[]> {
  return (
    await queryAll(ctx, {
      partition: ["pk", workspacePk(workspaceId)],
      beginsWith: ["sk", prefixes.link],
    })
  ).map(fromItem);
}

/**
 * Joins each link with the quotes and document titles of its ends. A link whose end was deleted
 * is left out: it no longer connects two passages.
 */
export async function withEnds(
  ctx: Context,
  workspaceId: string,
  links: StoredLink[],
): Promise<Link[]> {
  const annotationIds = [...new Set(links.flatMap((l) => [l.fromId, l.toId]))];
  const annotations = new Map<string, Item>();
  for (let i = 0; i < annotationIds.length; i += 100) {
    let request: Array<Record<string, NativeAttributeValue>> = annotationIds
      .slice(i, i + 100)
      .map((id) => keys.annotation(workspaceId, id));
    for (let attempt = 0; request.length > 0 && attempt < 6; attempt++) {
      const result = await ctx.db.send(
        new BatchGetCommand({ RequestItems: { [ctx.table]: { Keys: request } } }),
      );
      for (const item of result.Responses?.[ctx.table] ?? []) {
        annotations.set(str(item.id, "id"), item);
      }
      request = result.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
    }
  }
  const documentIds = [...new Set(links.flatMap((l) => [l.fromDocumentId, l.toDocumentId]))];
  const titles = new Map<string, string>();
  await Promise.all(
    documentIds.map(async (id) => {
      const document = await Document.get(ctx, workspaceId, id).catch(() => null);
      if (document) titles.set(id, document.title);
    }),
  );
  const end = (annotationId: string) => {
    const item = annotations.get(annotationId);
    if (!item) return null;
    const documentId = str(item.documentId, "documentId");
    const documentTitle = titles.get(documentId);
    if (documentTitle === undefined) return null;
    // The stored placement, as this has always shown it.
    const { exact, start, end } = Annotation.storedPlacement(item);
    return { annotationId, documentId, documentTitle, exact, start, end };
  };
  return links.flatMap((l) => {
    const from = end(l.fromId);
    const to = end(l.toId);
    if (!from || !to) return [];
    const { fromDocumentId: _f, toDocumentId: _t, ...rest } = l;
    return [{ ...rest, from, to }];
  });
}

/** Removes a link. */
export async function remove(ctx: Context, workspaceId: string, linkId: string): Promise<void> {
  const item = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.link(workspaceId, linkId),
      ConsistentRead: true,
    }),
  );
  if (!item.Item) throw new GlossError("not_found", "link.not_found", "no such link");
  const removed = await History.deleteItem(ctx, { kind: "link", item: item.Item });
  if (!removed.ok) throw new GlossError("not_found", "link.not_found", "no such link");
}
