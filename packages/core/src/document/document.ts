import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { documentAnnotationsPk, keys, prefixes, workspacePk } from "../db/keys.ts";
import { type Page, type PageOptions, queryAll, queryPage } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import * as Storage from "../storage/index.ts";
import { canonicalize } from "../text/index.ts";
import { MAX_TEXT_LENGTH } from "./limits.ts";
import type { Document, UpdateDocumentInput } from "./schema.ts";

export interface NewDocument {
  title: string;
  text: string;
  sourceUrl?: string | undefined;
  publishedAt?: string | undefined;
  /** The file as uploaded; pasted text is kept as `pasted.txt`. */
  original?: { bytes: Uint8Array; fileName: string; contentType: string };
}

function toDocument(item: Record<string, unknown>): Document {
  return {
    id: item.id as string,
    workspaceId: item.workspaceId as string,
    title: item.title as string,
    sourceUrl: (item.sourceUrl as string | undefined) ?? null,
    publishedAt: (item.publishedAt as string | undefined) ?? null,
    status: "ready",
    textLength: item.textLength as number,
    textVersion: item.textVersion as number,
    fileName: (item.fileName as string | undefined) ?? null,
    contentType: item.contentType as string,
    createdBy: item.createdBy as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
    annotationCount: (item.annotationCount as number | undefined) ?? 0,
    tagCounts: Object.fromEntries(
      Object.entries((item.tagCounts as Record<string, number> | undefined) ?? {}).filter(
        ([, n]) => n > 0,
      ),
    ),
  };
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
): Promise<Document> {
  const text = canonicalize(input.text);
  if (text.length === 0) {
    throw new GlossError(
      "invalid",
      "document.empty",
      "the document has no text once whitespace is removed",
    );
  }
  if (text.length > MAX_TEXT_LENGTH) {
    throw new GlossError(
      "too_large",
      "document.text_too_large",
      `the text is ${text.length} characters; the limit is ${MAX_TEXT_LENGTH}`,
    );
  }
  const now = ctx.now();
  const id = newId("doc", now.getTime());
  const textVersion = 1;
  const original = input.original ?? {
    bytes: new TextEncoder().encode(input.text),
    fileName: "pasted.txt",
    contentType: "text/plain; charset=utf-8",
  };
  const textKey = Storage.objectKeys.text(workspaceId, id, textVersion);
  const originalKey = Storage.objectKeys.original(workspaceId, id, textVersion, original.fileName);
  await Storage.putObject(ctx, originalKey, original.bytes, original.contentType);
  await Storage.putObject(ctx, textKey, text, "text/plain; charset=utf-8");
  const item = {
    ...keys.document(workspaceId, id),
    type: "document",
    id,
    workspaceId,
    title: input.title,
    sourceUrl: input.sourceUrl,
    publishedAt: input.publishedAt,
    status: "ready",
    textLength: text.length,
    textVersion,
    textKey,
    originalKey,
    fileName: input.original ? original.fileName : undefined,
    contentType: original.contentType,
    createdBy: userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    annotationCount: 0,
    tagCounts: {},
  };
  await ctx.db.send(new PutCommand({ TableName: ctx.table, Item: item }));
  return toDocument(item);
}

async function getItem(ctx: Context, workspaceId: string, documentId: string) {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.document(workspaceId, documentId) }),
  );
  if (!result.Item) throw notFound();
  return result.Item;
}

/** A document of a workspace (GetItem). */
export async function get(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Document> {
  return toDocument(await getItem(ctx, workspaceId, documentId));
}

/** Documents of a workspace, newest first (Query `WS#<id>`, `DOC#` prefix, descending). */
export async function list(
  ctx: Context,
  workspaceId: string,
  options: PageOptions & { titleContains?: string | undefined },
): Promise<Page<Document>> {
  const needle = options.titleContains?.toLocaleLowerCase();
  const page = await queryPage(
    ctx,
    {
      partition: ["pk", workspacePk(workspaceId)],
      beginsWith: ["sk", prefixes.document],
      newestFirst: true,
      ...(needle
        ? { keep: (item) => String(item.title).toLocaleLowerCase().includes(needle) }
        : {}),
    },
    options,
  );
  return { items: page.items.map(toDocument), nextCursor: page.nextCursor };
}

/** The canonical text of a document's current version. */
export async function getText(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<string> {
  const item = await getItem(ctx, workspaceId, documentId);
  return Storage.getText(ctx, item.textKey as string);
}

/** Changes title, source or date; conflict with the current document when `version` is stale. */
export async function update(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  input: UpdateDocumentInput,
): Promise<Document> {
  const sets = ["updatedAt = :now", "version = version + :one"];
  const removes: string[] = [];
  const values: Record<string, unknown> = {
    ":now": ctx.now().toISOString(),
    ":one": 1,
    ":version": input.version,
  };
  const names: Record<string, string> = {};
  for (const field of ["title", "sourceUrl", "publishedAt"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      removes.push(`#${field}`);
    } else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  try {
    const result = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.document(workspaceId, documentId),
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: "attribute_exists(pk) AND version = :version",
        ExpressionAttributeValues: values,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ReturnValues: "ALL_NEW",
      }),
    );
    return toDocument(result.Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const current = await get(ctx, workspaceId, documentId);
    throw new GlossError(
      "conflict",
      "document.version_conflict",
      `the document is at version ${current.version}, not ${input.version}; reload and try again`,
      { current },
    );
  }
}

/**
 * Adds to a document's annotation counters (atomic increments, so concurrent writers never lose a
 * count). Called after the annotation write it reflects; a crash in between leaves a count off by
 * one, which is display data only: exports and findings count annotations themselves.
 */
export async function adjustCounts(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  change: { total: number; tags: Record<string, number> },
): Promise<void> {
  const tags = Object.entries(change.tags).filter(([, delta]) => delta !== 0);
  if (change.total === 0 && tags.length === 0) return;
  const sets = ["annotationCount = if_not_exists(annotationCount, :zero) + :total"];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":zero": 0, ":total": change.total };
  tags.forEach(([tag, delta], i) => {
    names[`#t${i}`] = tag;
    values[`:d${i}`] = delta;
    sets.push(`tagCounts.#t${i} = if_not_exists(tagCounts.#t${i}, :zero) + :d${i}`);
  });
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.document(workspaceId, documentId),
        UpdateExpression: `SET ${sets.join(", ")}`,
        // Never recreate a document deleted meanwhile as a half item.
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: values,
        ...(tags.length ? { ExpressionAttributeNames: names } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Deletes a document and everything of it: annotations, then objects, then the document item.
 * The item goes last so an interrupted delete can simply be repeated.
 */
export async function remove(ctx: Context, workspaceId: string, documentId: string): Promise<void> {
  await getItem(ctx, workspaceId, documentId);
  const annotations = await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", documentAnnotationsPk(documentId)],
    beginsWith: ["gsi1sk", prefixes.annotation],
  });
  const deletes = annotations
    .filter((a) => a.workspaceId === workspaceId)
    .map((a) => ({ DeleteRequest: { Key: { pk: a.pk, sk: a.sk } } }));
  await batchWrite(ctx, deletes);
  await Storage.deletePrefix(ctx, Storage.objectKeys.documentPrefix(workspaceId, documentId));
  await ctx.db.send(
    new DeleteCommand({ TableName: ctx.table, Key: keys.document(workspaceId, documentId) }),
  );
}

function notFound() {
  return new GlossError("not_found", "document.not_found", "no such document in this workspace");
}
