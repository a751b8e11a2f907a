import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { updateIf, writeIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import * as Storage from "../storage/index.ts";
import { detectLanguage } from "../text/language.ts";
import { getItem, idTaken, putNew } from "./document.ts";
import { freshFields, fromItem, toItem, type UploadRecord, uploadOf, versionOf } from "./item.ts";
import type { CreateUploadInput, Document } from "./schema.ts";
import { putVersionText } from "./version.ts";

/**
 * The upload state machine of a document: a direct-to-S3 upload is recorded on the document item
 * (`upload`) while it is awaited, then completed or failed by the ingest function. A first upload
 * makes a pending document ready or failed; a new version's upload leaves the document readable.
 */

/** "Interview 3 (Bangkok).txt" → "Interview 3 (Bangkok)". */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "");
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).trim() || "Untitled";
}

/** The record of an upload of `version` awaited at `key`. */
function awaited(
  version: number,
  key: string,
  file: { fileName: string; size: number; contentType: string; expiresAt: string },
  by: Pick<UploadRecord, "titleGiven" | "requestedBy">,
): UploadRecord {
  return {
    version,
    key,
    fileName: file.fileName,
    size: file.size,
    contentType: file.contentType,
    status: "pending",
    expiresAt: file.expiresAt,
    ...by,
  };
}

/**
 * Starts a direct-to-S3 upload: records a pending document (listed as pending, never as ready)
 * and returns it with the object key the file goes to. The ingest function completes it.
 */
export async function createPending(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: CreateUploadInput & { contentType: string; expiresAt: string },
): Promise<{ document: Document; key: string }> {
  const now = ctx.now();
  const id = newId("doc", now.getTime());
  const key = Storage.objectKeys.original(workspaceId, id, 1, input.fileName);
  const item = toItem({
    id,
    workspaceId,
    title: input.title ?? titleFromFileName(input.fileName),
    sourceUrl: input.sourceUrl,
    publishedAt: input.publishedAt,
    author: input.author,
    status: "pending",
    textLength: 0,
    textVersion: 1,
    fileName: input.fileName,
    contentType: input.contentType,
    upload: awaited(1, key, input, { titleGiven: input.title !== undefined }),
    ...freshFields(userId, now),
  });
  if (!(await putNew(ctx, item))) throw idTaken();
  return { document: fromItem(item, ctx.now()), key };
}

/**
 * Records an awaited upload of a new version on a ready document; the document stays readable
 * at its current version meanwhile. Refused while another upload is awaited (until it expires).
 */
export async function startVersionUpload(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  input: {
    fileName: string;
    size: number;
    contentType: string;
    expiresAt: string;
    requestedBy?: string | null;
  },
): Promise<{ document: Document; key: string }> {
  const item = await getItem(ctx, workspaceId, documentId);
  const current = versionOf(item, undefined);
  const version = current + 1;
  const key = Storage.objectKeys.original(workspaceId, documentId, version, input.fileName);
  const upload = awaited(version, key, input, {
    titleGiven: true,
    requestedBy: input.requestedBy ?? null,
  });
  const now = ctx.now().toISOString();
  const result = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression: "SET upload = :upload, updatedAt = :now",
      ConditionExpression:
        "textVersion = :current AND (attribute_not_exists(upload) OR upload.#status = :failed OR upload.expiresAt < :now)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":upload": upload,
        ":now": now,
        ":current": current,
        ":failed": "failed",
      },
      ReturnValues: "ALL_NEW",
    }),
  );
  if (!result) {
    throw new GlossError(
      "conflict",
      "document.upload_in_progress",
      "another file is being uploaded or read for this document; wait for it to finish",
    );
  }
  return { document: fromItem(result.Attributes ?? {}, ctx.now()), key };
}

/** What the ingest function needs to know about a document and the upload it awaits. */
export interface IngestState {
  status: Document["status"];
  textVersion: number;
  upload: UploadRecord | null;
  publishedAt: string | null;
  /** Who created the document (the uploader of its first version). */
  createdBy: string | null;
}

/** The document's ingest state, or null when it does not exist (GetItem). */
export async function getIngestState(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<IngestState | null> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.document(workspaceId, documentId) }),
  );
  if (!result.Item) return null;
  const document = fromItem(result.Item, ctx.now());
  return {
    status: document.status,
    textVersion: document.textVersion,
    upload: uploadOf(result.Item),
    publishedAt: document.publishedAt,
    createdBy: document.createdBy,
  };
}

/**
 * Completes the first upload of a pending document: text (and pages) to S3 first, then the item
 * becomes ready, conditional on still awaiting this very object, so a repeated S3 event or a
 * document deleted meanwhile changes nothing. Returns false when it was not awaited any more.
 */
export async function completeUpload(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  key: string,
  extracted: {
    text: string;
    pages: number[] | null;
    contentType: string;
    title: string | null;
    author: string | null;
    publishedAt: string | null;
  },
): Promise<boolean> {
  const state = await getIngestState(ctx, workspaceId, documentId);
  if (!state?.upload || state.upload.key !== key || state.status !== "pending") return false;
  const textKey = await putVersionText(
    ctx,
    workspaceId,
    documentId,
    1,
    extracted.text,
    extracted.pages,
  );
  const sets = [
    "#status = :ready",
    "textLength = :length",
    "textKey = :textKey",
    "originalKey = :key",
    "contentType = :contentType",
    "updatedAt = :now",
  ];
  const values: Record<string, unknown> = {
    ":ready": "ready",
    ":pending": "pending",
    ":length": extracted.text.length,
    ":textKey": textKey,
    ":key": key,
    ":contentType": extracted.contentType,
    ":now": ctx.now().toISOString(),
  };
  // `language` is a DynamoDB reserved word.
  const names: Record<string, string> = { "#status": "status", "#key": "key" };
  if (extracted.pages?.length) {
    sets.push("pageCount = :pageCount");
    values[":pageCount"] = extracted.pages.length;
  }
  sets.push("languageSource = :detected");
  values[":detected"] = "detected";
  const language = detectLanguage(extracted.text);
  if (language) {
    sets.push("#language = :language");
    values[":language"] = language;
    names["#language"] = "language";
  }
  if (extracted.title && !state.upload.titleGiven) {
    sets.push("title = :title");
    values[":title"] = extracted.title;
  }
  if (extracted.author) {
    // An author given with the upload wins over the file's own.
    sets.push("author = if_not_exists(author, :author)");
    values[":author"] = extracted.author;
  }
  if (extracted.publishedAt && !state.publishedAt) {
    sets.push("publishedAt = :publishedAt");
    values[":publishedAt"] = extracted.publishedAt;
  }
  return writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression: `SET ${sets.join(", ")} REMOVE upload, failureReason`,
      ConditionExpression: "#status = :pending AND upload.#key = :key",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Records that an awaited upload could not be read. A first upload makes the document `failed`;
 * a new version's upload fails alone and the document stays readable at its current version.
 */
export async function failUpload(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  key: string,
  reason: string,
): Promise<boolean> {
  const state = await getIngestState(ctx, workspaceId, documentId);
  if (!state?.upload || state.upload.key !== key) return false;
  const first = state.status === "pending";
  return writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression: `SET upload.#status = :failed, upload.failureReason = :reason, updatedAt = :now${
        first ? ", #status = :failed, failureReason = :reason" : ""
      }`,
      ConditionExpression: "upload.#key = :key AND upload.#status = :pending",
      ExpressionAttributeNames: { "#status": "status", "#key": "key" },
      ExpressionAttributeValues: {
        ":failed": "failed",
        ":pending": "pending",
        ":reason": reason,
        ":key": key,
        ":now": ctx.now().toISOString(),
      },
    }),
  );
}
