import { BatchGetCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { type Page, type PageOptions, queryAll, queryPage } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { newId } from "../id/index.ts";
import { linkItemsOf } from "./cleanup.ts";
import type { CreateLinkInput, Link, Relation } from "./schema.ts";

/** A link as stored: the ends' quotes and titles are joined in when it is read. */
export interface StoredLink {
  id: string;
  fromId: string;
  toId: string;
  fromDocumentId: string;
  toDocumentId: string;
  relation: Relation;
  note: string;
  createdBy: string;
  createdAt: string;
}

function toStored(item: Record<string, unknown>): StoredLink {
  return {
    id: item.id as string,
    fromId: item.fromId as string,
    toId: item.toId as string,
    fromDocumentId: item.fromDocumentId as string,
    toDocumentId: item.toDocumentId as string,
    relation: item.relation as Relation,
    note: (item.note as string | undefined) ?? "",
    createdBy: item.createdBy as string,
    createdAt: item.createdAt as string,
  };
}

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
    item: {
      ...keys.link(workspaceId, stored.id),
      ...keys.linkIndex(stored),
      type: "link",
      workspaceId,
      ...stored,
      version: 1,
    },
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
  return result.Item ? toStored(result.Item) : null;
}

/** Links of one annotation, either end (Query GSI1 `ANN#<id>` and GSI2 `ANN#<id>`). */
export async function listOfAnnotation(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<StoredLink[]> {
  return (await linkItemsOf(ctx, workspaceId, annotationId))
    .map(toStored)
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
  return { items: page.items.map(toStored), nextCursor: page.nextCursor };
}

/** Every link of a workspace, for findings and exports. */
export async function listAll(ctx: Context, workspaceId: string): Promise<StoredLink[]> {
  return (
    await queryAll(ctx, {
      partition: ["pk", workspacePk(workspaceId)],
      beginsWith: ["sk", prefixes.link],
    })
  ).map(toStored);
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
  const annotations = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < annotationIds.length; i += 100) {
    let request: Array<Record<string, unknown>> = annotationIds
      .slice(i, i + 100)
      .map((id) => keys.annotation(workspaceId, id));
    for (let attempt = 0; request.length > 0 && attempt < 6; attempt++) {
      const result = await ctx.db.send(
        new BatchGetCommand({ RequestItems: { [ctx.table]: { Keys: request } } }),
      );
      for (const item of result.Responses?.[ctx.table] ?? [])
        annotations.set(item.id as string, item);
      request = (result.UnprocessedKeys?.[ctx.table]?.Keys ?? []) as Array<Record<string, unknown>>;
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
    const a = annotations.get(annotationId);
    if (!a || !titles.has(a.documentId as string)) return null;
    return {
      annotationId,
      documentId: a.documentId as string,
      documentTitle: titles.get(a.documentId as string)!,
      exact: a.exact as string,
      start: a.start as number,
      end: a.end as number,
    };
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
