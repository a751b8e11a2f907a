import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
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
import { revokeAllOfDocument } from "../share/share.ts";
import * as Storage from "../storage/index.ts";
import {
  CANONICAL_RULE_VERSIONS,
  CANONICAL_RULES,
  type CanonicalRules,
  canonicalize,
} from "../text/index.ts";
import { limits } from "./limits.ts";
import type { CreateUploadInput, Document, UpdateDocumentInput } from "./schema.ts";
import { titleFromFileName } from "./upload.ts";

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

/** A direct-to-S3 upload as the document item records it while it is awaited or read. */
interface UploadRecord {
  version: number;
  key: string;
  fileName: string;
  size: number;
  contentType: string;
  status: "pending" | "failed";
  failureReason?: string;
  expiresAt: string;
  /** Whether the title was given by the uploader (else the file's own title replaces it). */
  titleGiven: boolean;
  /** Who started a version's upload: its provenance names them once the file is read. */
  requestedBy?: string | null;
}

/**
 * How long a version change holds the document (refusing new annotations and other version
 * changes) before another request may take it over: longer than the ingest Lambda's 5-minute
 * timeout, so a live run is never overtaken; a crashed one is resumed by the next request.
 */
const VERSION_LEASE_MS = 6 * 60 * 1000;

/** The version a change is applying, while its lease runs; a stopped change is not shown. */
function pendingVersionOf(item: Record<string, unknown>, now: Date): number | null {
  if (typeof item.pendingVersion !== "number" || typeof item.pendingSince !== "string") return null;
  return Date.parse(item.pendingSince) > now.getTime() - VERSION_LEASE_MS
    ? item.pendingVersion
    : null;
}

function toDocument(item: Record<string, unknown>, now: Date): Document {
  return {
    id: item.id as string,
    workspaceId: item.workspaceId as string,
    title: item.title as string,
    sourceUrl: (item.sourceUrl as string | undefined) ?? null,
    publishedAt: (item.publishedAt as string | undefined) ?? null,
    author: (item.author as string | undefined) ?? null,
    status: (item.status as Document["status"] | undefined) ?? "ready",
    failureReason: (item.failureReason as string | undefined) ?? null,
    textLength: (item.textLength as number | undefined) ?? 0,
    textVersion: item.textVersion as number,
    pageCount: (item.pageCount as number | undefined) ?? null,
    fileName: (item.fileName as string | undefined) ?? null,
    contentType: item.contentType as string,
    upload: item.upload ? toUpload(item.upload as UploadRecord) : null,
    pendingVersion: pendingVersionOf(item, now),
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
    attributes: (item.attributes as AttributeValues | undefined) ?? {},
  };
}

function toUpload(upload: UploadRecord): NonNullable<Document["upload"]> {
  return {
    version: upload.version,
    fileName: upload.fileName,
    size: upload.size,
    status: upload.status,
    failureReason: upload.failureReason ?? null,
    expiresAt: upload.expiresAt,
  };
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

/** The text object's metadata key recording the canonical text rules that made it. */
export const TEXT_RULES_METADATA = "text-rules";

/**
 * The version of the canonical text rules a document version's text was made by. Texts stored
 * before rules were recorded were all made by version 1.
 */
export async function textRulesOf(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
): Promise<CanonicalRules> {
  const metadata = await Storage.metadataOf(
    ctx,
    Storage.objectKeys.text(workspaceId, documentId, version),
  );
  if (!metadata) {
    throw new GlossError(
      "not_found",
      "document.version_not_found",
      `version ${version} has no text`,
    );
  }
  const recorded = Number(metadata[TEXT_RULES_METADATA]);
  return (CANONICAL_RULE_VERSIONS as readonly number[]).includes(recorded)
    ? (recorded as CanonicalRules)
    : 1;
}

/** Stores a version's canonical text and page offsets (text first: it is what readers need). */
async function putVersionText(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
  text: string,
  pages: number[] | null | undefined,
) {
  const textKey = Storage.objectKeys.text(workspaceId, documentId, version);
  // Every text reaching here was made by the current rules (extract, or canonicalize on create
  // and on a pasted version); the rules are recorded with the text they made.
  await Storage.putObject(ctx, textKey, text, "text/plain; charset=utf-8", {
    [TEXT_RULES_METADATA]: String(CANONICAL_RULES),
  });
  if (pages && pages.length > 0) {
    await Storage.putObject(
      ctx,
      Storage.objectKeys.pages(workspaceId, documentId, version),
      JSON.stringify(pages),
      "application/json",
    );
  }
  return textKey;
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
  const item = {
    ...keys.document(workspaceId, id),
    type: "document",
    id,
    workspaceId,
    title: input.title,
    sourceUrl: input.sourceUrl,
    publishedAt: input.publishedAt,
    author: input.author ?? undefined,
    status: "ready",
    textLength: text.length,
    textVersion,
    pageCount: input.pages?.length || undefined,
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
  try {
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.table,
        Item: item,
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    // A concurrent retry with the same reserved id finished first: its document is this one.
    if (error instanceof ConditionalCheckFailedException && options.id)
      return get(ctx, workspaceId, id);
    throw error;
  }
  return toDocument(item, ctx.now());
}

async function getItem(ctx: Context, workspaceId: string, documentId: string) {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.document(workspaceId, documentId) }),
  );
  if (!result.Item) throw notFound();
  return result.Item;
}

/**
 * The version a document item serves and the change that made it current: annotations are read
 * against exactly this (`Annotation` placements), never against a version being prepared.
 */
export function servedOf(item: Record<string, unknown>): Served {
  return {
    version: item.textVersion as number,
    change: (item.textChange as string | undefined) ?? null,
  };
}

/** A document with the version it serves, from one GetItem, so both are read at one instant. */
export async function getServed(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<{ document: Document; served: Served }> {
  const item = await getItem(ctx, workspaceId, documentId);
  return { document: toDocument(item, ctx.now()), served: servedOf(item) };
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
        served.set(item.id as string, servedOf(item));
      }
      wanted = (result.UnprocessedKeys?.[ctx.table]?.Keys ?? []) as Record<string, unknown>[];
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
  return toDocument(await getItem(ctx, workspaceId, documentId), ctx.now());
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
              (!valuesPass || valuesPass((item.attributes as AttributeValues | undefined) ?? {})),
          }
        : {}),
    },
    options,
  );
  const now = ctx.now();
  return { items: page.items.map((item) => toDocument(item, now)), nextCursor: page.nextCursor };
}

/** The version a read asks for: the current one by default, any earlier one by number. */
function versionOf(item: Record<string, unknown>, version: number | undefined): number {
  if ((item.status ?? "ready") !== "ready") {
    throw new GlossError(
      "conflict",
      "document.not_ready",
      item.status === "failed"
        ? `the document's file could not be read: ${item.failureReason ?? "unknown reason"}`
        : "the document's file is still being uploaded or read; try again shortly",
    );
  }
  const current = item.textVersion as number;
  if (version === undefined) return current;
  if (!Number.isInteger(version) || version < 1 || version > current) {
    throw new GlossError(
      "not_found",
      "document.version_not_found",
      `the document has text versions 1 to ${current}, not ${version}`,
    );
  }
  return version;
}

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
    wanted === item.textVersion
      ? (item.textKey as string)
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
  const text = await Storage.getText(ctx, item.textKey as string);
  return { document: toDocument(item, ctx.now()), text };
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
  return { version: wanted, pageStarts: JSON.parse(await Storage.getText(ctx, key)) as number[] };
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

/** Changes title, source or date; conflict with the current document when `version` is stale. */
/** A metadata change; `attributes`, when given, is the document's whole new set, already checked. */
export type DocumentChange = Omit<UpdateDocumentInput, "attributes"> & {
  attributes?: AttributeValues | undefined;
};

export async function update(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  input: DocumentChange,
): Promise<Document> {
  const set: Record<string, unknown> = { updatedAt: ctx.now().toISOString() };
  const remove: string[] = [];
  if (input.attributes !== undefined) set.attributes = input.attributes;
  for (const field of ["title", "sourceUrl", "publishedAt", "author"] as const) {
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
  if (changed?.ok) return toDocument(changed.attributes ?? {}, ctx.now());
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
  await getItem(ctx, workspaceId, documentId);
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
    annotations.map((a) => a.id as string),
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
  await Storage.deletePrefix(ctx, Storage.objectKeys.documentPrefix(workspaceId, documentId));
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
  const upload: UploadRecord = {
    version: 1,
    key,
    fileName: input.fileName,
    size: input.size,
    contentType: input.contentType,
    status: "pending",
    expiresAt: input.expiresAt,
    titleGiven: input.title !== undefined,
  };
  const item = {
    ...keys.document(workspaceId, id),
    type: "document",
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
    upload,
    createdBy: userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    annotationCount: 0,
    tagCounts: {},
  };
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: item,
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { document: toDocument(item, ctx.now()), key };
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
  versionOf(item, undefined);
  const version = (item.textVersion as number) + 1;
  const key = Storage.objectKeys.original(workspaceId, documentId, version, input.fileName);
  const upload: UploadRecord = {
    version,
    key,
    fileName: input.fileName,
    size: input.size,
    contentType: input.contentType,
    status: "pending",
    expiresAt: input.expiresAt,
    titleGiven: true,
    requestedBy: input.requestedBy ?? null,
  };
  const now = ctx.now().toISOString();
  try {
    const result = await ctx.db.send(
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
          ":current": item.textVersion,
          ":failed": "failed",
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return { document: toDocument(result.Attributes ?? {}, ctx.now()), key };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    throw new GlossError(
      "conflict",
      "document.upload_in_progress",
      "another file is being uploaded or read for this document; wait for it to finish",
    );
  }
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
  return {
    status: (result.Item.status as Document["status"] | undefined) ?? "ready",
    textVersion: result.Item.textVersion as number,
    upload: (result.Item.upload as UploadRecord | undefined) ?? null,
    publishedAt: (result.Item.publishedAt as string | undefined) ?? null,
    createdBy: (result.Item.createdBy as string | undefined) ?? null,
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
  if (extracted.pages?.length) {
    sets.push("pageCount = :pageCount");
    values[":pageCount"] = extracted.pages.length;
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
      ExpressionAttributeNames: { "#status": "status", "#key": "key" },
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

/**
 * Takes the document for a change from version `from` to `from + 1`: refused (409) while another
 * change holds it, unless that one stopped longer than the lease ago (then this one takes over,
 * recomputing everything). Returns the change's id: the placements it computes carry it, and
 * only the change that commits is ever read.
 */
export async function beginVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  from: number,
): Promise<{ change: string; served: Served }> {
  const now = ctx.now();
  const change = newId("chg", now.getTime());
  try {
    const result = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.document(workspaceId, documentId),
        UpdateExpression:
          "SET pendingVersion = :target, pendingSince = :now, pendingChange = :change",
        ReturnValues: "ALL_NEW",
        ConditionExpression:
          "#status = :ready AND textVersion = :from AND (attribute_not_exists(pendingVersion) OR pendingSince < :expired)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":ready": "ready",
          ":from": from,
          ":target": from + 1,
          ":now": now.toISOString(),
          ":change": change,
          ":expired": new Date(now.getTime() - VERSION_LEASE_MS).toISOString(),
        },
      }),
    );
    return { change, served: servedOf(result.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    throw new GlossError(
      "conflict",
      "document.version_in_progress",
      "a new version of this document is being applied, or the document changed; reload and try again",
    );
  }
}

/** Stores the canonical text (and pages and original) of a version that is not current yet. */
export async function putVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
  input: {
    text: string;
    pages: number[] | null;
    original: { bytes: Uint8Array; fileName: string; contentType: string } | null;
    /** Who adds the version and how, for its provenance; the file of a direct upload. */
    origin?: Provenance.VersionOrigin & { uploaded?: { bytes: Uint8Array; fileName: string } };
  },
): Promise<void> {
  if (input.original) {
    await Storage.putObject(
      ctx,
      Storage.objectKeys.original(workspaceId, documentId, version, input.original.fileName),
      input.original.bytes,
      input.original.contentType,
    );
  }
  await putVersionText(ctx, workspaceId, documentId, version, input.text, input.pages);
  // Not current yet: a change taking over a stalled one stores this version again, and its record
  // follows (`replace`); once committed, no change writes this version any more.
  await Provenance.recordVersion(
    ctx,
    workspaceId,
    documentId,
    { version, text: input.text, original: input.original ?? input.origin?.uploaded ?? null },
    {
      source:
        input.origin?.source ?? (input.original || input.origin?.uploaded ? "upload" : "paste"),
      addedBy: input.origin?.addedBy ?? null,
    },
    { replace: true },
  );
}

/**
 * Makes version `from + 1` current, last of a version change: its text and every annotation's
 * placement on it are written by then, so this single write is the instant readers switch.
 * Conditional on this very change (`change`) still holding the document at `from`.
 */
export async function commitVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  from: number,
  change: string,
  input: {
    textLength: number;
    pageCount: number | null;
    fileName: string | null;
    contentType: string;
    originalKey: string | null;
    uploadKey: string | null;
  },
): Promise<Document> {
  const target = from + 1;
  const sets = [
    "textVersion = :target",
    "textKey = :textKey",
    "textLength = :length",
    "contentType = :contentType",
    "updatedAt = :now",
    "textChange = :change",
  ];
  const removes = ["pendingVersion", "pendingSince", "pendingChange"];
  const values: Record<string, unknown> = {
    ":change": change,
    ":from": from,
    ":target": target,
    ":textKey": Storage.objectKeys.text(workspaceId, documentId, target),
    ":length": input.textLength,
    ":contentType": input.contentType,
    ":now": ctx.now().toISOString(),
  };
  if (input.pageCount) {
    sets.push("pageCount = :pageCount");
    values[":pageCount"] = input.pageCount;
  } else {
    removes.push("pageCount");
  }
  if (input.originalKey) {
    sets.push("originalKey = :originalKey", "fileName = :fileName");
    values[":originalKey"] = input.originalKey;
    values[":fileName"] = input.fileName;
  }
  let condition = "textVersion = :from AND pendingVersion = :target AND pendingChange = :change";
  const names: Record<string, string> = {};
  if (input.uploadKey) {
    removes.push("upload");
    condition += " AND upload.#key = :uploadKey";
    names["#key"] = "key";
    values[":uploadKey"] = input.uploadKey;
  }
  try {
    const result = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.document(workspaceId, documentId),
        UpdateExpression: `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(input.uploadKey ? { ExpressionAttributeNames: names } : {}),
        ReturnValues: "ALL_NEW",
      }),
    );
    return toDocument(result.Attributes ?? {}, ctx.now());
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    throw new GlossError(
      "conflict",
      "document.version_in_progress",
      "the document changed while the new version was applied; reload and try again",
    );
  }
}

function notFound() {
  return new GlossError("not_found", "document.not_found", "no such document in this workspace");
}
