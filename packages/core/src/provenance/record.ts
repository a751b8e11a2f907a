import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { type Item, num, optStr } from "../db/fields.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import * as Storage from "../storage/index.ts";
import * as Workspace from "../workspace/index.ts";
import { sha256Hex } from "./hash.ts";
import { fromItem, type ProvenanceRecord, toItem } from "./item.ts";
import type { Capture, DocumentProvenance, SourceKind } from "./schema.ts";

/** What a store of a version knows about where it came from. */
export interface VersionOrigin {
  source: SourceKind;
  addedBy: string | null;
  capture?: Capture | null | undefined;
}

/** The bytes of a version as they are written to storage. */
export interface StoredVersion {
  version: number;
  text: string;
  original: { bytes: Uint8Array; fileName: string } | null;
}

/**
 * Records a version's hashes, taken on the very bytes written to S3 (the caller passes what it
 * stored). `replace`: a version that is not current yet may be stored again by a change that
 * takes over a stalled one, so its record follows the last store; a current version's record is
 * written once (conditional) and never replaced.
 */
export async function recordVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  stored: StoredVersion,
  origin: VersionOrigin,
  options: { replace: boolean },
): Promise<void> {
  const now = ctx.now().toISOString();
  const record: ProvenanceRecord = {
    version: stored.version,
    textSha256: sha256Hex(stored.text),
    textBytes: Buffer.byteLength(stored.text, "utf8"),
    sourceSha256: stored.original ? sha256Hex(stored.original.bytes) : null,
    sourceBytes: stored.original ? stored.original.bytes.byteLength : null,
    sourceFileName: stored.original?.fileName ?? null,
    source: origin.source,
    addedBy: origin.addedBy,
    addedAt: now,
    hashedAt: now,
    hashedWhen: "stored",
    capture: origin.capture ?? null,
  };
  await put(ctx, workspaceId, documentId, record, options.replace);
}

async function put(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  record: ProvenanceRecord,
  replace: boolean,
): Promise<boolean> {
  return writeIf(
    ctx,
    new PutCommand({
      TableName: ctx.table,
      Item: toItem(workspaceId, documentId, record),
      ...(replace ? {} : { ConditionExpression: "attribute_not_exists(pk)" }),
    }),
  );
}

/** The first original file stored under a version (`v<N>/original/…`), or null. */
async function originalKeyOf(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
): Promise<string | null> {
  const prefix = `${Storage.objectKeys.documentPrefix(workspaceId, documentId)}v${version}/original/`;
  const page = await ctx.s3.send(
    new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: prefix, MaxKeys: 1 }),
  );
  return page.Contents?.[0]?.Key ?? null;
}

/**
 * Hashes a version stored before hashing existed, once, from its stored objects: text objects and
 * originals are written once per version and never overwritten after it became current, so the
 * hash is of what was collected. Conditional, so concurrent readers agree on one record.
 */
async function hashLater(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
  document: Item,
): Promise<ProvenanceRecord> {
  const textKey = Storage.objectKeys.text(workspaceId, documentId, version);
  const textBytes = await Storage.getBytes(ctx, textKey);
  const originalKey = await originalKeyOf(ctx, workspaceId, documentId, version);
  const original = originalKey ? await Storage.getBytes(ctx, originalKey) : null;
  const fileName = originalKey ? (Storage.parseOriginalKey(originalKey)?.fileName ?? null) : null;
  const first = version === 1;
  const record: ProvenanceRecord = {
    version,
    textSha256: sha256Hex(textBytes),
    textBytes: textBytes.byteLength,
    sourceSha256: original ? sha256Hex(original) : null,
    sourceBytes: original?.byteLength ?? null,
    sourceFileName: fileName,
    source: !original || fileName === "pasted.txt" ? "paste" : "upload",
    addedBy: first ? (optStr(document.createdBy, "createdBy") ?? null) : null,
    addedAt: first ? (optStr(document.createdAt, "createdAt") ?? null) : null,
    hashedAt: ctx.now().toISOString(),
    hashedWhen: "later",
    capture: null,
  };
  if (await put(ctx, workspaceId, documentId, record, false)) return record;
  const again = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.provenance(workspaceId, documentId, version),
    }),
  );
  return again.Item ? fromItem(again.Item) : record;
}

/**
 * Every readable version of a document with its provenance, oldest first (Query `WS#<id>`,
 * `PROV#<documentId>#`). Versions without a record (stored before hashing) are hashed here once.
 */
export async function ofDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<DocumentProvenance> {
  const document = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.document(workspaceId, documentId) }),
  );
  if (!document.Item) {
    throw new GlossError("not_found", "document.not_found", "no such document in this workspace");
  }
  const current = num(document.Item.textVersion, "textVersion");
  const ready = (document.Item.status ?? "ready") === "ready";
  const readable = ready ? current : current - 1;
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", `${prefixes.provenance}${documentId}#`],
  });
  const byVersion = new Map(items.map((i) => [num(i.version, "version"), fromItem(i)]));
  const versions: ProvenanceRecord[] = [];
  for (let v = 1; v <= readable; v++) {
    versions.push(
      byVersion.get(v) ?? (await hashLater(ctx, workspaceId, documentId, v, document.Item)),
    );
  }
  const names = new Map(
    (await Workspace.listMembers(ctx, workspaceId)).map((m) => [m.userId, m.name]),
  );
  return {
    documentId,
    currentVersion: current,
    versions: versions.map((v) => {
      const name = v.addedBy ? names.get(v.addedBy) : undefined;
      // A display name, never an email (as the exports).
      return { ...v, addedByName: name && !name.includes("@") ? name : null };
    }),
  };
}

/** One version's provenance (hashed now if it was stored before hashing); null when unreadable. */
export async function ofVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
): Promise<ProvenanceRecord | null> {
  const found = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.provenance(workspaceId, documentId, version),
    }),
  );
  if (found.Item) return fromItem(found.Item);
  const document = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.document(workspaceId, documentId) }),
  );
  if (!document.Item) return null;
  const current = num(document.Item.textVersion, "textVersion");
  const ready = (document.Item.status ?? "ready") === "ready";
  if (version < 1 || version > current || (version === current && !ready)) return null;
  return hashLater(ctx, workspaceId, documentId, version, document.Item);
}
