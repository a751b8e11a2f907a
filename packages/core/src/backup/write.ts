import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as Attribute from "../attribute/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { allPages, queryPage } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Link from "../link/index.ts";
import * as Round from "../round/index.ts";
import { documentOf, toBackupAnnotation } from "./annotation.ts";
import { backupHistory } from "./history.ts";
import { restoreMarkerOf } from "./marker.ts";
import { listOriginals, readObject } from "./objects.ts";
import { backupProvenance } from "./provenance.ts";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupConsensus,
  type BackupDocument,
  type BackupLink,
  type BackupRound,
  EXCLUDED,
  MAX_ORIGINAL_BACKUP_BYTES,
} from "./schema.ts";
import { backupSearches } from "./searches.ts";

/** Items read per Query while streaming annotations and links. */
const PAGE = 200;

/** What is read before a backup starts streaming, so a problem is still an error response. */
export interface PreparedBackup {
  ctx: Context;
  workspaceId: string;
  workspaceName: string;
  documents: Document.Document[];
}

/**
 * Checks a workspace can be backed up and lists its documents (metadata only): refused while a
 * restore into it or a new text version of one of its documents is under way, since either would
 * give a backup of a state that never existed.
 */
export async function prepare(ctx: Context, workspaceId: string): Promise<PreparedBackup> {
  const workspace = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.workspace(workspaceId) }),
  );
  if (!workspace.Item) {
    throw new GlossError("not_found", "workspace.not_found", "no such workspace");
  }
  if (restoreMarkerOf(workspace.Item)?.status === "running") {
    throw new GlossError(
      "conflict",
      "backup.restore_in_progress",
      "a restore into this workspace has not finished; repeat it before backing up",
    );
  }
  const documents = await allPages((page) => Document.list(ctx, workspaceId, page));
  const changing = documents.find((d) => d.pendingVersion !== null);
  if (changing) {
    throw new GlossError(
      "conflict",
      "document.version_in_progress",
      `a new version of "${changing.title}" is being applied; back up when it is done`,
    );
  }
  // Oldest first, the order they were made in and will be restored in.
  documents.reverse();
  return { ctx, workspaceId, workspaceName: String(workspace.Item.name ?? ""), documents };
}

/**
 * The backup as JSON text, piece by piece: header, codebook, attribute definitions and saved
 * searches, then one document (all its text versions, originals and provenance) at a time, then annotations and links page by page, then the totals.
 * Memory stays at one document and one page, whatever the size of the workspace.
 */
export async function* write(prepared: PreparedBackup): AsyncGenerator<string> {
  const { ctx, workspaceId } = prepared;
  const codebook = await Codebook.list(ctx, workspaceId);
  const attributes = await Attribute.list(ctx, workspaceId);
  const ready = prepared.documents.filter((d) => d.status === "ready");
  const skipped = prepared.documents
    .filter((d) => d.status !== "ready")
    .map((d) => ({ id: d.id, title: d.title, status: d.status }));
  const searches = await backupSearches(
    ctx,
    workspaceId,
    new Set(ready.map((d) => d.id)),
    new Set(codebook.map((t) => t.id)),
  );
  const header = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: ctx.now().toISOString(),
    workspace: { id: workspaceId, name: prepared.workspaceName },
    excluded: EXCLUDED,
    codebook,
    attributes,
    savedSearches: searches.savedSearches,
    ...(searches.skipped.length > 0 ? { skippedSearches: searches.skipped } : {}),
  };
  const open = JSON.stringify(header);
  yield `${open.slice(0, -1)},"documents":[`;
  for (const [i, document] of ready.entries()) {
    yield `${i ? "," : ""}${JSON.stringify(await backupDocument(ctx, workspaceId, document))}`;
  }
  yield `],"skippedDocuments":${JSON.stringify(skipped)},"annotations":[`;
  const readyIds = new Set(ready.map((d) => d.id));
  const served = await Document.servedVersions(
    ctx,
    workspaceId,
    ready.map((d) => d.id),
  );
  let annotations = 0;
  let cursor: string | undefined;
  do {
    // Raw items: the API shape leaves out `reanchor`, which a backup keeps.
    const page = await queryPage(
      ctx,
      { partition: ["pk", workspacePk(workspaceId)], beginsWith: ["sk", prefixes.annotation] },
      { cursor, limit: PAGE },
    );
    // `served` holds the ready documents only: annotations of the others are left out.
    const backedUp = page.items.flatMap((item) => {
      const documentServed = served.get(documentOf(item) ?? "");
      return documentServed ? [toBackupAnnotation(item, documentServed)] : [];
    });
    if (backedUp.length > 0) {
      yield `${annotations ? "," : ""}${backedUp.map((a) => JSON.stringify(a)).join(",")}`;
      annotations += backedUp.length;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  yield `],"links":[`;
  let links = 0;
  cursor = undefined;
  do {
    const page = await Link.listByWorkspace(ctx, workspaceId, { cursor, limit: PAGE });
    const items = page.items.filter(
      (l) => readyIds.has(l.fromDocumentId) && readyIds.has(l.toDocumentId),
    );
    if (items.length > 0) {
      yield `${links ? "," : ""}${items.map((l) => JSON.stringify(toBackupLink(l))).join(",")}`;
      links += items.length;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // Rounds and their consensus passages (the coding of record), when the workspace has rounds.
  const rounds = (await Round.listByWorkspace(ctx, workspaceId)).map(toBackupRound);
  const consensus =
    rounds.length > 0
      ? (await Round.listWorkspaceConsensus(ctx, workspaceId))
          .filter((p) => readyIds.has(p.documentId))
          .map(toBackupConsensus)
      : [];
  const rounded = rounds.length > 0 ? { rounds: rounds.length, consensus: consensus.length } : {};
  if (rounds.length > 0) {
    yield `],"rounds":${JSON.stringify(rounds)},"consensus":${JSON.stringify(consensus)}`;
    yield `,"history":[`;
  } else {
    yield `],"history":[`;
  }
  let history = 0;
  for await (const entry of backupHistory(ctx, workspaceId)) {
    yield `${history++ ? "," : ""}${JSON.stringify(entry)}`;
  }
  const totals = {
    codes: codebook.length,
    ...(attributes.length > 0 ? { attributes: attributes.length } : {}),
    ...(searches.savedSearches.length > 0 ? { savedSearches: searches.savedSearches.length } : {}),
    documents: ready.length,
    annotations,
    links,
    history,
    ...rounded,
  };
  yield `],"totals":${JSON.stringify(totals)}}`;
}

async function backupDocument(
  ctx: Context,
  workspaceId: string,
  document: Document.Document,
): Promise<BackupDocument> {
  const originals = await listOriginals(ctx, workspaceId, document.id);
  const versions: BackupDocument["versions"] = [];
  for (let version = 1; version <= document.textVersion; version++) {
    const text = await Document.getText(ctx, workspaceId, document.id, version);
    const { pageStarts } = await Document.getPages(ctx, workspaceId, document.id, version);
    const stored = originals.get(version);
    let original: BackupDocument["versions"][number]["original"] = null;
    if (stored) {
      const small = stored.size <= MAX_ORIGINAL_BACKUP_BYTES;
      const read = small ? await readObject(ctx, stored.key) : null;
      original = {
        fileName: stored.fileName,
        contentType: read?.contentType ?? "application/octet-stream",
        size: stored.size,
        base64: read ? Buffer.from(read.bytes).toString("base64") : null,
      };
    }
    versions.push({ version, text, pageStarts, original });
  }
  // Same opening as `toMeta` (export/source-documents.ts), different concept: a backup keeps
  // every field a restore needs, in the order backups have always had them; an export's citation
  // keeps what a reader of the export is shown. Merged, one would change the other's format.
  return {
    id: document.id,
    title: document.title,
    sourceUrl: document.sourceUrl,
    publishedAt: document.publishedAt,
    author: document.author,
    language: document.language,
    languageSource: document.languageSource,
    textVersion: document.textVersion,
    fileName: document.fileName,
    contentType: document.contentType,
    createdBy: document.createdBy,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    version: document.version,
    versions,
    attributes: document.attributes,
    provenance: await backupProvenance(ctx, workspaceId, document.id),
  };
}

function toBackupLink(link: Link.StoredLink): BackupLink {
  return {
    id: link.id,
    fromId: link.fromId,
    toId: link.toId,
    relation: link.relation,
    note: link.note,
    createdBy: link.createdBy,
    createdAt: link.createdAt,
  };
}

function toBackupRound(round: Round.Round): BackupRound {
  const { workspaceId: _workspaceId, ...fields } = round;
  return fields;
}

function toBackupConsensus(passage: Round.ConsensusPassage): BackupConsensus {
  const { workspaceId: _workspaceId, layer: _layer, ...fields } = passage;
  return fields;
}
