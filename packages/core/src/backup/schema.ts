import { z } from "zod";
import {
  ImportedCreator,
  MAX_NOTE_LENGTH,
  MAX_QUOTE_LENGTH,
  MAX_TAGS,
} from "../annotation/schema.ts";
import { MAX_ATTRIBUTES } from "../attribute/attribute.ts";
import { AttributeId, AttributeType, AttributeValue } from "../attribute/schema.ts";
import { TagId } from "../codebook/schema.ts";
import { Relation } from "../link/schema.ts";
import { Capture, SourceKind } from "../provenance/schema.ts";
import { MAX_QUERY_LENGTH } from "../search/query.ts";
import { MAX_SAVED_QUERIES } from "../search/saved.ts";

/** What `format` says in every backup; anything else is not a Gloss workspace backup. */
export const BACKUP_FORMAT = "gloss.workspace-backup";
/** The version of the layout below; a restore refuses versions it does not know. */
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Originals up to 8 MB are included (base64); larger ones are listed with `base64: null`. The
 * canonical texts, which annotations index into, are always included, so a backup is complete for
 * everything Gloss shows; only the byte-exact copy of a very large source file is left out, which
 * keeps a backup within what a restore request can carry.
 */
export const MAX_ORIGINAL_BACKUP_BYTES = 8 * 1024 * 1024;

/** Parts of a workspace a backup leaves out, and why; written into every backup. */
export const EXCLUDED = {
  members:
    "identity-bound: people are invited into the restored workspace by its owner, who becomes its only member",
  invitations: "secrets for one workspace, shown once; invite again",
  apiTokens: "personal secrets, not workspace data; stored only as hashes",
  shares: "read-only links are secrets stored only as hashes; share again after a restore",
  idempotencyKeys: "request bookkeeping that expires after a day",
  jobs: "import, code-merge and bulk-coding job records are bookkeeping of requests under way; what they made is backed up",
  unportableSearches:
    "a saved search whose every document or code filter names something deleted or unreadable would search everything once restored; listed in skippedSearches",
} as const;

const Id = z.string().min(1).max(64);
const Timestamp = z.string().min(1).max(40);
const UserRef = z.string().min(1).max(128).describe("The user id that made it (kept as history)");
const Offset = z.number().int().min(0);
const Context = z.string().max(200);
const Status = z.enum(["anchored", "orphaned"]);

const BackupTag = z.object({
  id: TagId,
  label: z.string().trim().min(1).max(80),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  description: z.string().max(500),
  parentId: TagId.nullable()
    .optional()
    .describe("The parent code; null at the top of the tree (absent in older backups: flat)"),
  position: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("0-based order among the code's siblings (absent in older backups)"),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().min(1),
});

/** An attribute definition, as `GET /attributes` gives it. */
const BackupAttribute = z.object({
  id: AttributeId,
  name: z.string().trim().min(1).max(80),
  description: z.string().max(500),
  type: AttributeType,
  choices: z
    .array(z.string().trim().min(1).max(200))
    .max(500)
    .describe("The allowed values of a choice/choices attribute; empty for the others"),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().min(1),
});

const BackupOriginal = z.object({
  fileName: z.string().min(1).max(1000),
  contentType: z.string().min(1).max(200),
  size: z.number().int().min(0),
  base64: z
    .string()
    .nullable()
    .describe(`The file's bytes; null when larger than ${MAX_ORIGINAL_BACKUP_BYTES} bytes`),
});

const BackupVersion = z.object({
  version: z.number().int().min(1),
  text: z
    .string()
    .min(1)
    .describe("Canonical text of this version (NFC, LF, blank-line paragraphs)"),
  pageStarts: z.array(Offset).nullable().describe("Where each page starts (PDF sources)"),
  original: BackupOriginal.nullable().describe("The file this version was read from"),
});

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex");

/** A text version's provenance as stored (`GET …/provenance` without the display name). */
const BackupProvenance = z.object({
  version: z.number().int().min(1),
  textSha256: Sha256.describe("SHA-256 of the version's text (UTF-8); a restore checks it"),
  textBytes: z.number().int().min(0),
  sourceSha256: Sha256.nullable(),
  sourceBytes: z.number().int().min(0).nullable(),
  sourceFileName: z.string().max(1000).nullable(),
  source: SourceKind,
  addedBy: UserRef.nullable(),
  addedAt: Timestamp.nullable(),
  hashedAt: Timestamp,
  hashedWhen: z.enum(["stored", "later"]),
  capture: Capture.nullable(),
});

const BackupDocument = z.object({
  id: Id,
  title: z.string().trim().min(1).max(300),
  sourceUrl: z.string().max(2000).nullable(),
  publishedAt: z.string().max(40).nullable(),
  author: z.string().max(5000).nullable(),
  language: z
    .string()
    .max(100)
    .nullable()
    .optional()
    .describe("The document's language (BCP 47); absent in older backups"),
  languageSource: z
    .enum(["detected", "edited"])
    .nullable()
    .optional()
    .describe(
      '"edited" when a person set `language`: restored as it is; otherwise detected again from the text',
    ),
  textVersion: z.number().int().min(1).describe("The current version"),
  fileName: z.string().max(1000).nullable(),
  contentType: z.string().min(1).max(200),
  createdBy: UserRef,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().min(1).describe("Metadata version"),
  versions: z.array(BackupVersion).min(1).describe("Every text version, 1 to textVersion"),
  attributes: z
    .record(AttributeId, AttributeValue)
    .optional()
    .describe(
      "The document's attribute values by attribute id, each of a definition in `attributes` (absent in older backups)",
    ),
  provenance: z
    .array(BackupProvenance)
    .optional()
    .describe(
      "How each text version was obtained (hashes, source, capture), as recorded; a version without a record is hashed from its restored objects when first asked for (absent in older backups)",
    ),
});

/** A saved search, as `GET /queries` gives it, its filters naming the backup's documents and codes. */
const BackupSavedSearch = z.object({
  id: Id,
  name: z.string().trim().min(1).max(120),
  q: z.string().min(1).max(MAX_QUERY_LENGTH),
  options: z.object({ case: z.boolean(), word: z.boolean(), regex: z.boolean() }),
  documentIds: z
    .array(Id)
    .max(1000)
    .describe("Only these documents of the backup (mapped to their new ids); empty for all"),
  tags: z.array(TagId).max(20).describe("Codes of the backup's codebook"),
  coded: z.enum(["inside", "outside"]).nullable(),
  createdBy: UserRef,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().min(1),
});

const Placement = z.object({
  start: Offset,
  end: Offset,
  exact: z.string().max(MAX_QUOTE_LENGTH),
  prefix: Context,
  suffix: Context,
  textVersion: z.number().int().min(1),
  status: Status,
});

/** Where a passage is on its version's text, as annotations and consensus passages hold it. */
const Quote = {
  start: Offset,
  end: Offset,
  exact: z.string().min(1).max(MAX_QUOTE_LENGTH),
  prefix: Context,
  suffix: Context,
};

const BackupAnnotation = z.object({
  id: Id,
  documentId: Id,
  ...Quote,
  tags: z.array(TagId).max(MAX_TAGS),
  note: z.string().max(MAX_NOTE_LENGTH),
  status: Status,
  textVersion: z.number().int().min(1),
  createdBy: UserRef,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().min(1),
  reanchor: z
    .object({
      target: z.number().int().min(1),
      from: Placement,
      method: z.string().max(40).nullable(),
      score: z.number().nullable(),
    })
    .nullable()
    .describe("Where the last re-anchoring moved it from"),
  importedCreator: ImportedCreator.optional().describe(
    "Who made it in the tool it was imported from (absent when made in Gloss, and in older backups)",
  ),
});

const BackupLink = z.object({
  id: Id,
  fromId: Id,
  toId: Id,
  relation: Relation,
  note: z.string().max(2000),
  createdBy: UserRef,
  createdAt: Timestamp,
});

const BackupRound = z.object({
  id: Id,
  documentIds: z.array(Id).max(1_000),
  coderIds: z.array(UserRef).max(100).describe("User ids of the coders (kept as history)"),
  tagIds: z.array(TagId).max(1_000),
  blind: z.boolean(),
  status: z.enum(["open", "closed"]),
  createdBy: UserRef,
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
  version: z.number().int().min(1),
});

const BackupConsensus = z.object({
  id: Id,
  roundId: Id,
  documentId: Id,
  ...Quote,
  tags: z.array(TagId).min(1).max(MAX_TAGS),
  note: z.string().max(MAX_NOTE_LENGTH),
  textVersion: z.number().int().min(1),
  resolution: z.enum(["adopt", "merge", "write"]),
  resolvedFrom: z.array(Id).max(20).describe("The coders' passages it resolves"),
  createdBy: UserRef,
  createdAt: Timestamp,
  version: z.number().int().min(1),
});

export const Backup = z
  .object({
    format: z.string().describe(`Always "${BACKUP_FORMAT}"`),
    formatVersion: z
      .number()
      .int()
      .describe(`Layout version; this server writes ${BACKUP_FORMAT_VERSION}`),
    createdAt: Timestamp,
    workspace: z.object({ id: Id, name: z.string().max(200) }),
    excluded: z
      .record(z.string(), z.string())
      .optional()
      .describe("What a backup leaves out on purpose, and why"),
    codebook: z.array(BackupTag).max(2_000),
    attributes: z
      .array(BackupAttribute)
      .max(MAX_ATTRIBUTES)
      .optional()
      .describe(
        "The workspace's attribute definitions; they replace the restored workspace's (absent in older backups)",
      ),
    savedSearches: z
      .array(BackupSavedSearch)
      .max(MAX_SAVED_QUERIES)
      .optional()
      .describe("The workspace's saved searches, oldest first (absent in older backups)"),
    skippedSearches: z
      .array(z.object({ id: Id, name: z.string(), reason: z.string() }))
      .optional()
      .describe(
        "Saved searches whose every document or code filter names something no longer in the workspace; left out, since without it they would search everything",
      ),
    documents: z.array(BackupDocument),
    skippedDocuments: z
      .array(z.object({ id: Id, title: z.string(), status: z.string() }))
      .optional()
      .describe("Documents without readable text (upload pending or failed); not restorable"),
    annotations: z.array(BackupAnnotation),
    links: z.array(BackupLink),
    rounds: z
      .array(BackupRound)
      .optional()
      .describe("Coding rounds (present when the workspace has any; absent in older backups)"),
    consensus: z
      .array(BackupConsensus)
      .optional()
      .describe("The rounds' consensus passages, the coding of record (present with rounds)"),
    history: z
      .array(z.record(z.string(), z.any()))
      .optional()
      .describe(
        "The workspace's append-only history, oldest first, as HistoryEntry objects (absent in older backups)",
      ),
    totals: z
      .object({
        codes: z.number().int(),
        attributes: z.number().int().optional(),
        savedSearches: z.number().int().optional(),
        documents: z.number().int(),
        annotations: z.number().int(),
        links: z.number().int(),
        history: z.number().int().optional(),
        rounds: z.number().int().optional(),
        consensus: z.number().int().optional(),
      })
      .describe("Written last: a backup cut short does not match its own totals"),
  })
  .meta({ id: "WorkspaceBackup" });
export type Backup = z.infer<typeof Backup>;
export type BackupDocument = z.infer<typeof BackupDocument>;
export type BackupAnnotation = z.infer<typeof BackupAnnotation>;
export type BackupLink = z.infer<typeof BackupLink>;
export type BackupTag = z.infer<typeof BackupTag>;
export type BackupAttribute = z.infer<typeof BackupAttribute>;
export type BackupProvenance = z.infer<typeof BackupProvenance>;
export type BackupSavedSearch = z.infer<typeof BackupSavedSearch>;
export type BackupRound = z.infer<typeof BackupRound>;
export type BackupConsensus = z.infer<typeof BackupConsensus>;

export const RestoreResult = z
  .object({
    workspaceId: z.string(),
    restored: z.object({
      codes: z.number().int(),
      attributes: z.number().int().optional().describe("Present when the backup has attributes"),
      savedSearches: z
        .number()
        .int()
        .optional()
        .describe("Present when the backup has saved searches"),
      documents: z.number().int(),
      textVersions: z.number().int(),
      annotations: z.number().int(),
      links: z.number().int(),
      rounds: z.number().int().optional().describe("Present when the backup has rounds"),
      consensus: z.number().int().optional(),
    }),
    documents: z
      .array(z.object({ from: z.string(), to: z.string() }))
      .describe("Old document id → new document id"),
  })
  .meta({ id: "RestoreResult" });
export type RestoreResult = z.infer<typeof RestoreResult>;
