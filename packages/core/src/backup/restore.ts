import { createHash } from "node:crypto";
import * as Annotation from "../annotation/index.ts";
import * as Attribute from "../attribute/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { keys } from "../db/keys.ts";
import * as Document from "../document/index.ts";
import * as Provenance from "../provenance/index.ts";
import { toItem as consensusItem } from "../round/consensus.ts";
import { toItem as roundItem } from "../round/round.ts";
import { Queries } from "../search/index.ts";
import * as Storage from "../storage/index.ts";
import { rulesOfText } from "../text/index.ts";
import { detectLanguage } from "../text/language.ts";
import { historyOf, restoreHistory } from "./history.ts";
import { invalid } from "./invalid.ts";
import { beginRestore, finishRestore } from "./marker.ts";
import { planRestore } from "./plan.ts";
import {
  type Backup,
  type BackupDocument,
  Backup as BackupSchema,
  type RestoreResult,
} from "./schema.ts";

/**
 * Restores a backup into an empty workspace. Everything is checked before anything is written
 * (a backup that does not hold together is a 422 with nothing written). Then, without
 * transactions, an order that never shows a half-restored document and a repeat that finishes
 * the job:
 * 1. the workspace records `restore: running` with the backup's digest (refused unless the
 *    workspace is empty, or this same backup's restore was interrupted);
 * 2. codes: the backup's codebook, label, colour, description and place in the tree included,
 *    replaces the workspace's (an empty workspace has only its seeded defaults); then the
 *    attribute definitions replace the workspace's in the same way;
 * 3. text versions, pages and original files to S3 under the new document ids, and each
 *    version's provenance record under them;
 * 4. annotations, then links; rounds and consensus; the history; the saved searches, their
 *    document filters mapped;
 * 5. documents, last: a document is listed only once its texts, annotations and links exist;
 * 6. the workspace records `restore: done`.
 * New ids are derived from (workspace, old id), so every write of a repeat is the same write.
 */
export async function restore(
  ctx: Context,
  workspaceId: string,
  input: Backup,
): Promise<RestoreResult> {
  // Parsed again here so the digest is of the schema's own shape, however the caller built it.
  const parsed = BackupSchema.safeParse(input);
  if (!parsed.success) throw invalid("malformed", "not a Gloss workspace backup");
  const backup = parsed.data;
  const plan = planRestore(backup, workspaceId);
  const history = historyOf(backup);
  const digest = createHash("sha256").update(JSON.stringify(backup)).digest("hex");
  await beginRestore(ctx, workspaceId, digest);

  const existing = await Codebook.list(ctx, workspaceId);
  const kept = new Set(backup.codebook.map((t) => t.id));
  await batchWrite(
    ctx,
    backup.codebook.map(({ parentId: _parentId, position: _position, ...tag }) => ({
      PutRequest: {
        Item: {
          ...keys.tag(workspaceId, tag.id),
          type: "tag",
          workspaceId,
          ...tag,
          ...plan.codes?.get(tag.id),
        },
      },
    })),
  );
  await batchWrite(
    ctx,
    existing
      .filter((t) => !kept.has(t.id))
      .map((t) => ({ DeleteRequest: { Key: keys.tag(workspaceId, t.id) } })),
  );

  // Attribute definitions, before the documents that hold values of them; like the codebook, the
  // backup's replace the workspace's (a backup from before attributes leaves them alone).
  if (backup.attributes) {
    const definitions = new Set(backup.attributes.map((a) => a.id));
    const present = await Attribute.list(ctx, workspaceId);
    await batchWrite(
      ctx,
      // Through the attribute module's item, times and version kept (`create` would set them anew).
      backup.attributes.map((a) => ({ PutRequest: { Item: Attribute.toItem(workspaceId, a) } })),
    );
    await batchWrite(
      ctx,
      present
        .filter((a) => !definitions.has(a.id))
        .map((a) => ({ DeleteRequest: { Key: keys.attribute(workspaceId, a.id) } })),
    );
  }

  for (const document of backup.documents) {
    const documentId = plan.documentIds.get(document.id)!;
    await putObjects(ctx, workspaceId, documentId, document);
    // Provenance records are written once and never change, so a repeat writes the same items.
    await batchWrite(
      ctx,
      (plan.provenance.get(document.id) ?? []).map((record) => ({
        PutRequest: { Item: Provenance.toItem(workspaceId, documentId, record) },
      })),
    );
  }

  const counts = new Map<string, { total: number; tags: Record<string, number> }>();
  await batchWrite(
    ctx,
    backup.annotations.map((a) => {
      const id = plan.annotationIds.get(a.id)!;
      const documentId = plan.documentIds.get(a.documentId)!;
      const count = counts.get(documentId) ?? { total: 0, tags: {} };
      count.total++;
      for (const tag of a.tags) count.tags[tag] = (count.tags[tag] ?? 0) + 1;
      counts.set(documentId, count);
      const { reanchor, importedCreator, ...fields } = a;
      const annotation: Annotation.Annotation = {
        ...fields,
        id,
        workspaceId,
        documentId,
        ...(importedCreator ? { importedCreator } : {}),
      };
      return {
        PutRequest: {
          Item: {
            ...Annotation.annotationItem(annotation),
            // The version its placement is for, as `Annotation.anchorsForOf` derives it for an
            // item moved last by `reanchor`; the record itself is kept for later backups.
            anchorsFor: reanchor?.target ?? a.textVersion,
            ...(reanchor ? { reanchor } : {}),
          },
        },
      };
    }),
  );

  const annotationDocument = new Map(
    backup.annotations.map((a) => [a.id, plan.documentIds.get(a.documentId)!]),
  );
  await batchWrite(
    ctx,
    backup.links.map((l) => {
      const stored = {
        id: plan.linkIds.get(l.id)!,
        fromId: plan.annotationIds.get(l.fromId)!,
        toId: plan.annotationIds.get(l.toId)!,
        fromDocumentId: annotationDocument.get(l.fromId)!,
        toDocumentId: annotationDocument.get(l.toId)!,
        relation: l.relation,
        note: l.note,
        createdBy: l.createdBy,
        createdAt: l.createdAt,
      };
      return {
        PutRequest: {
          Item: {
            ...keys.link(workspaceId, stored.id),
            ...keys.linkIndex(stored),
            type: "link",
            workspaceId,
            ...stored,
          },
        },
      };
    }),
  );

  // Rounds and their consensus passages, ids mapped, before the documents they are on appear.
  await batchWrite(
    ctx,
    plan.rounds.map((round) => ({ PutRequest: { Item: roundItem(round) } })),
  );
  await batchWrite(
    ctx,
    plan.consensus.map((passage) => ({ PutRequest: { Item: consensusItem(passage) } })),
  );

  await restoreHistory(ctx, workspaceId, history);

  await batchWrite(
    ctx,
    plan.savedSearches.map((query) => ({ PutRequest: { Item: Queries.toItem(query) } })),
  );

  await batchWrite(
    ctx,
    backup.documents.map((d) => {
      const id = plan.documentIds.get(d.id)!;
      const current = d.versions[d.versions.length - 1]!;
      const count = counts.get(id) ?? { total: 0, tags: {} };
      return {
        PutRequest: {
          Item: Document.toItem({
            id,
            workspaceId,
            title: d.title,
            sourceUrl: d.sourceUrl,
            publishedAt: d.publishedAt,
            author: d.author,
            status: "ready",
            textLength: current.text.length,
            textVersion: d.textVersion,
            pageCount: current.pageStarts?.length,
            // A person's correction is kept; a detected language is detected again, by this
            // server's rules, from the text restored.
            ...(d.languageSource === "edited"
              ? { language: d.language ?? null, languageSource: "edited" as const }
              : { language: detectLanguage(current.text) ?? null }),
            textKey: Storage.objectKeys.text(workspaceId, id, d.textVersion),
            originalKey: current.original?.base64
              ? Storage.objectKeys.original(
                  workspaceId,
                  id,
                  d.textVersion,
                  current.original.fileName,
                )
              : undefined,
            fileName: d.fileName,
            contentType: d.contentType,
            createdBy: d.createdBy,
            createdAt: d.createdAt,
            updatedAt: d.updatedAt,
            version: d.version,
            annotationCount: count.total,
            tagCounts: count.tags,
            attributes: plan.attributes.get(d.id),
          }),
        },
      };
    }),
  );

  await finishRestore(ctx, workspaceId, digest);
  return {
    workspaceId,
    restored: {
      codes: backup.codebook.length,
      ...(backup.attributes?.length ? { attributes: backup.attributes.length } : {}),
      ...(backup.savedSearches?.length ? { savedSearches: backup.savedSearches.length } : {}),
      documents: backup.documents.length,
      textVersions: backup.documents.reduce((n, d) => n + d.versions.length, 0),
      annotations: backup.annotations.length,
      links: backup.links.length,
      ...(backup.rounds ? { rounds: plan.rounds.length, consensus: plan.consensus.length } : {}),
    },
    documents: backup.documents.map((d) => ({ from: d.id, to: plan.documentIds.get(d.id)! })),
  };
}

/** Texts (then pages and originals) of every version, under the document's new id. */
async function putObjects(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  document: BackupDocument,
): Promise<void> {
  for (const v of document.versions) {
    await Storage.putObject(
      ctx,
      Storage.objectKeys.text(workspaceId, documentId, v.version),
      v.text,
      "text/plain; charset=utf-8",
      // A backup's text was made by some version of the rules; the newest it is canonical under
      // is recorded (where several fit, they agree on this text).
      { [Document.TEXT_RULES_METADATA]: String(rulesOfText(v.text) ?? 1) },
    );
    if (v.pageStarts && v.pageStarts.length > 0) {
      await Storage.putObject(
        ctx,
        Storage.objectKeys.pages(workspaceId, documentId, v.version),
        JSON.stringify(v.pageStarts),
        "application/json",
      );
    }
    if (v.original?.base64 != null) {
      await Storage.putObject(
        ctx,
        Storage.objectKeys.original(workspaceId, documentId, v.version, v.original.fileName),
        Buffer.from(v.original.base64, "base64"),
        v.original.contentType,
      );
    }
  }
}
