import type { Served } from "../annotation/placement.ts";
import type { AttributeValue, AttributeValues } from "../attribute/schema.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import type { Document } from "./schema.ts";

/**
 * The document item, described once: what `create`, `createPending` and a restore write
 * (`toItem`), and what every read turns back into a `Document` (`fromItem`). Reads go through
 * typed field readers rather than a schema parse: `list` and the exports map every document of a
 * workspace, and a reader is a `typeof` per field.
 */

/** A direct-to-S3 upload as the document item records it while it is awaited or read. */
export interface UploadRecord {
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

/** What a new document item holds; absent optional fields are not stored. */
export interface NewDocumentItem {
  id: string;
  workspaceId: string;
  title: string;
  sourceUrl?: string | null | undefined;
  publishedAt?: string | null | undefined;
  author?: string | null | undefined;
  status: Document["status"];
  textLength: number;
  textVersion: number;
  pageCount?: number | null | undefined;
  /**
   * The current text's language (BCP 47) as detected from it, null when none was; absent on a
   * document without text yet (a pending upload detects it when the file is read).
   */
  language?: string | null | undefined;
  /** Where the current version's canonical text is (absent until the first text is stored). */
  textKey?: string | undefined;
  /** Where the current version's original file is. */
  originalKey?: string | undefined;
  fileName?: string | null | undefined;
  contentType: string;
  upload?: UploadRecord | undefined;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  annotationCount: number;
  tagCounts: Record<string, number>;
  /** Attribute values by attribute id, already checked against the definitions (a restore). */
  attributes?: AttributeValues | undefined;
  /** How `language` was found; "detected" when a language is given without it. */
  languageSource?: "detected" | "edited" | undefined;
}

/** The stored item of a new document: keys, `type`, and the given fields (nulls left out). */
export function toItem(document: NewDocumentItem) {
  return {
    ...keys.document(document.workspaceId, document.id),
    type: "document",
    id: document.id,
    workspaceId: document.workspaceId,
    title: document.title,
    sourceUrl: document.sourceUrl ?? undefined,
    publishedAt: document.publishedAt ?? undefined,
    author: document.author ?? undefined,
    status: document.status,
    textLength: document.textLength,
    textVersion: document.textVersion,
    // Zero pages is no pages: only PDF sources record them.
    pageCount: document.pageCount || undefined,
    language: document.language ?? undefined,
    languageSource:
      document.languageSource ?? (document.language === undefined ? undefined : "detected"),
    textKey: document.textKey,
    originalKey: document.originalKey,
    fileName: document.fileName ?? undefined,
    contentType: document.contentType,
    upload: document.upload,
    createdBy: document.createdBy,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    version: document.version,
    annotationCount: document.annotationCount,
    tagCounts: document.tagCounts,
    // None is not stored, as on a document whose values were never set.
    attributes:
      document.attributes && Object.keys(document.attributes).length > 0
        ? document.attributes
        : undefined,
  };
}

/** What every new document starts with: made now by `userId`, metadata version 1, no passages. */
export function freshFields(userId: string, now: Date) {
  return {
    createdBy: userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    annotationCount: 0,
    tagCounts: {},
  };
}

/**
 * How long a version change holds the document (refusing new annotations and other version
 * changes) before another request may take it over: longer than the ingest Lambda's 5-minute
 * timeout, so a live run is never overtaken; a crashed one is resumed by the next request.
 */
export const VERSION_LEASE_MS = 6 * 60 * 1000;

type Item = Record<string, unknown>;

function broken(item: Item, field: string): Error {
  return new Error(`document item ${String(item.id)}: ${field} is missing or of the wrong type`);
}

/** A string field every document item has. */
function str(item: Item, field: string): string {
  const value = item[field];
  if (typeof value !== "string") throw broken(item, field);
  return value;
}

/** A number field every document item has. */
function num(item: Item, field: string): number {
  const value = item[field];
  if (typeof value !== "number") throw broken(item, field);
  return value;
}

/** A string field an item may leave out (null then). */
function optStr(item: Item, field: string): string | null {
  const value = item[field];
  return typeof value === "string" ? value : null;
}

/** A number field an item may leave out (null then). */
function optNum(item: Item, field: string): number | null {
  const value = item[field];
  return typeof value === "number" ? value : null;
}

function isRecord(value: unknown): value is Item {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function statusOf(item: Item): Document["status"] {
  const status = item.status;
  if (status === undefined || status === "ready") return "ready";
  if (status === "pending" || status === "failed") return status;
  throw broken(item, "status");
}

function isAttributeValue(value: unknown): value is AttributeValue {
  return (
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    (Array.isArray(value) && value.every((v) => typeof v === "string"))
  );
}

/** The document's attribute values (none stored is none set); a value of no known type is left out. */
export function attributesOf(item: Item): AttributeValues {
  const stored = item.attributes;
  const values: AttributeValues = {};
  if (!isRecord(stored)) return values;
  for (const [id, value] of Object.entries(stored)) {
    if (isAttributeValue(value)) values[id] = value;
  }
  return values;
}

function tagCountsOf(item: Item): Record<string, number> {
  const stored = item.tagCounts;
  const counts: Record<string, number> = {};
  if (!isRecord(stored)) return counts;
  // A code whose passages are all gone keeps a zero counter; it is not shown.
  for (const [tag, n] of Object.entries(stored))
    if (typeof n === "number" && n > 0) counts[tag] = n;
  return counts;
}

/** How the item's language was found; null on items written before languages were detected. */
function languageSourceOf(item: Item): Document["languageSource"] {
  const source = item.languageSource;
  return source === "detected" || source === "edited" ? source : null;
}

/** The upload a document item records, or null. */
export function uploadOf(item: Item): UploadRecord | null {
  const upload = item.upload;
  if (!isRecord(upload)) return null;
  const status = upload.status === "failed" ? "failed" : "pending";
  const record: UploadRecord = {
    version: num(upload, "version"),
    key: str(upload, "key"),
    fileName: str(upload, "fileName"),
    size: num(upload, "size"),
    contentType: str(upload, "contentType"),
    status,
    expiresAt: str(upload, "expiresAt"),
    titleGiven: upload.titleGiven === true,
  };
  const failureReason = optStr(upload, "failureReason");
  if (failureReason !== null) record.failureReason = failureReason;
  if ("requestedBy" in upload) record.requestedBy = optStr(upload, "requestedBy");
  return record;
}

/** The version a change is applying, while its lease runs; a stopped change is not shown. */
function pendingVersionOf(item: Item, now: Date): number | null {
  const version = optNum(item, "pendingVersion");
  const since = optStr(item, "pendingSince");
  if (version === null || since === null) return null;
  return Date.parse(since) > now.getTime() - VERSION_LEASE_MS ? version : null;
}

/** A document as the API shows it, from its stored item; `now` decides whether a lease runs. */
export function fromItem(item: Item, now: Date): Document {
  const upload = uploadOf(item);
  return {
    id: str(item, "id"),
    workspaceId: str(item, "workspaceId"),
    title: str(item, "title"),
    sourceUrl: optStr(item, "sourceUrl"),
    publishedAt: optStr(item, "publishedAt"),
    author: optStr(item, "author"),
    status: statusOf(item),
    failureReason: optStr(item, "failureReason"),
    textLength: optNum(item, "textLength") ?? 0,
    textVersion: num(item, "textVersion"),
    pageCount: optNum(item, "pageCount"),
    // Documents stored before languages were detected have none: null, like one not detected.
    language: optStr(item, "language"),
    languageSource: languageSourceOf(item),
    fileName: optStr(item, "fileName"),
    contentType: str(item, "contentType"),
    upload: upload
      ? {
          version: upload.version,
          fileName: upload.fileName,
          size: upload.size,
          status: upload.status,
          failureReason: upload.failureReason ?? null,
          expiresAt: upload.expiresAt,
        }
      : null,
    pendingVersion: pendingVersionOf(item, now),
    createdBy: str(item, "createdBy"),
    createdAt: str(item, "createdAt"),
    updatedAt: str(item, "updatedAt"),
    version: num(item, "version"),
    annotationCount: optNum(item, "annotationCount") ?? 0,
    tagCounts: tagCountsOf(item),
    attributes: attributesOf(item),
  };
}

/**
 * The version a document item serves and the change that made it current: annotations are read
 * against exactly this (`Annotation` placements), never against a version being prepared.
 */
export function servedOf(item: Item): Served {
  return { version: num(item, "textVersion"), change: optStr(item, "textChange") };
}

/** The current version's text key (every ready document has one). */
export function textKeyOf(item: Item): string {
  return str(item, "textKey");
}

/** The document id of an item (also of a projection that holds `id`). */
export function idOf(item: Item): string {
  return str(item, "id");
}

/** The version a read asks for: the current one by default, any earlier one by number. */
export function versionOf(item: Item, version: number | undefined): number {
  const status = statusOf(item);
  if (status !== "ready") {
    throw new GlossError(
      "conflict",
      "document.not_ready",
      status === "failed"
        ? `the document's file could not be read: ${optStr(item, "failureReason") ?? "unknown reason"}`
        : "the document's file is still being uploaded or read; try again shortly",
    );
  }
  const current = num(item, "textVersion");
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
