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
import type * as Round from "../round/index.ts";
import { toItem as roundItem } from "../round/round.ts";
import { Queries, type SavedQuery } from "../search/index.ts";
import * as Storage from "../storage/index.ts";
import { isCanonical, rulesOfText } from "../text/index.ts";
import { detectLanguage } from "../text/language.ts";
import { checkAttributes } from "./attributes.ts";
import { type CodePlacement, placeCodes } from "./codes.ts";
import { historyOf, restoreHistory } from "./history.ts";
import { restoredId, restoredIds } from "./ids.ts";
import { invalid, unique } from "./invalid.ts";
import { beginRestore, finishRestore } from "./marker.ts";
import { checkProvenance } from "./provenance.ts";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type Backup,
  type BackupDocument,
  Backup as BackupSchema,
  type RestoreResult,
} from "./schema.ts";
import { checkSearches } from "./searches.ts";

/**
 * A backup is client input like any other: a `javascript:` or `data:` source link would become a
 * live link in the reader, so only what the API itself accepts (http and https) is restored.
 */
function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

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
  const plan = check(backup, workspaceId);
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

interface Plan {
  documentIds: Map<string, string>;
  annotationIds: Map<string, string>;
  linkIds: Map<string, string>;
  /** Each code's parent and rank; null for a backup from before the code tree. */
  codes: Map<string, CodePlacement> | null;
  /** Each document's attribute values, checked, by its id in the backup. */
  attributes: Map<string, Attribute.AttributeValues>;
  /** The rounds and consensus passages as they are written, ids mapped. */
  rounds: Round.Round[];
  consensus: Round.ConsensusPassage[];
  /** Each document's provenance records, checked, by its id in the backup. */
  provenance: Map<string, Provenance.ProvenanceRecord[]>;
  /** The saved searches as they are written, ids and document filters mapped. */
  savedSearches: SavedQuery[];
}

/**
 * Checks that a backup holds together, as the API would have made it: known format, totals that
 * match, unique ids, every version's text canonical, every annotation's quote equal to its text
 * at its offsets, codes from the backup's codebook, links between its annotations, a code tree
 * without loops or dangling parents, attribute values of the backup's definitions, provenance
 * that is of the texts, saved searches over the backup's documents and codes. Returns the new
 * ids, the codes' places and the values, records and searches to store.
 */
function check(backup: Backup, workspaceId: string): Plan {
  if (backup.format !== BACKUP_FORMAT) {
    throw invalid("unknown_format", `not a Gloss workspace backup (format "${backup.format}")`);
  }
  if (backup.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw invalid(
      "unsupported_version",
      `backup format version ${backup.formatVersion}; this server reads version ${BACKUP_FORMAT_VERSION}`,
    );
  }
  const { totals } = backup;
  if (
    totals.codes !== backup.codebook.length ||
    totals.documents !== backup.documents.length ||
    totals.annotations !== backup.annotations.length ||
    totals.links !== backup.links.length ||
    (totals.attributes ?? 0) !== (backup.attributes?.length ?? 0) ||
    (totals.savedSearches ?? 0) !== (backup.savedSearches?.length ?? 0) ||
    (totals.history ?? 0) !== (backup.history?.length ?? 0) ||
    (totals.rounds ?? 0) !== (backup.rounds?.length ?? 0) ||
    (totals.consensus ?? 0) !== (backup.consensus?.length ?? 0)
  ) {
    throw invalid(
      "incomplete",
      "the backup's contents do not match its totals; it was cut short or edited",
    );
  }
  for (const document of backup.documents) {
    if (document.sourceUrl !== null && !isWebUrl(document.sourceUrl)) {
      throw invalid(
        "source_url_invalid",
        `document ${document.id}: sourceUrl must be an http(s) URL, as the API requires`,
      );
    }
  }
  unique("code", backup.codebook);
  unique("document", backup.documents);
  unique("annotation", backup.annotations);
  unique("link", backup.links);

  const { maxTextLength } = Document.limits();
  const texts = new Map<string, BackupDocument>();
  for (const d of backup.documents) {
    if (d.versions.length !== d.textVersion || d.versions.some((v, i) => v.version !== i + 1)) {
      throw invalid(
        "versions",
        `document ${d.id}: versions must be 1 to ${d.textVersion}, in order`,
      );
    }
    for (const v of d.versions) {
      if (v.text.length > maxTextLength || !isCanonical(v.text)) {
        throw invalid("text", `document ${d.id} version ${v.version}: the text is not canonical`);
      }
      const starts = v.pageStarts ?? [];
      if (starts.some((s, i) => s > v.text.length || (i > 0 && s < starts[i - 1]!))) {
        throw invalid("pages", `document ${d.id} version ${v.version}: page starts out of order`);
      }
      const base64 = v.original?.base64;
      if (
        base64 != null &&
        (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) ||
          Buffer.from(base64, "base64").length !== v.original!.size)
      ) {
        throw invalid(
          "original",
          `document ${d.id} version ${v.version}: the original file is damaged`,
        );
      }
    }
    texts.set(d.id, d);
  }
  const provenance = new Map(backup.documents.map((d) => [d.id, checkProvenance(d)]));

  const codes = new Set(backup.codebook.map((t) => t.id));
  for (const a of backup.annotations) {
    const document = texts.get(a.documentId);
    if (!document) throw invalid("reference", `annotation ${a.id}: no document ${a.documentId}`);
    const version = document.versions[a.textVersion - 1];
    if (!version) {
      throw invalid("reference", `annotation ${a.id}: not placed on a version of its document`);
    }
    if (
      a.start >= a.end ||
      a.end > version.text.length ||
      version.text.slice(a.start, a.end) !== a.exact
    ) {
      throw invalid(
        "quote_mismatch",
        `annotation ${a.id}: its quote differs from the text at its offsets`,
      );
    }
    const unknown = a.tags.filter((t) => !codes.has(t));
    if (unknown.length > 0 || new Set(a.tags).size !== a.tags.length) {
      throw invalid(
        "unknown_tag",
        `annotation ${a.id}: codes not in the backup's codebook: ${unknown.join(", ")}`,
      );
    }
  }
  const annotationIds = new Set(backup.annotations.map((a) => a.id));
  for (const l of backup.links) {
    if (!annotationIds.has(l.fromId) || !annotationIds.has(l.toId) || l.fromId === l.toId) {
      throw invalid("reference", `link ${l.id}: its ends are not two annotations of the backup`);
    }
  }
  const documentIds = restoredIds("doc", backup.documents, workspaceId);
  return {
    codes: placeCodes(backup.codebook),
    attributes: checkAttributes(backup),
    documentIds,
    annotationIds: restoredIds("ann", backup.annotations, workspaceId),
    linkIds: restoredIds("lnk", backup.links, workspaceId),
    ...checkRounds(backup, workspaceId, texts, codes, documentIds),
    provenance,
    savedSearches: checkSearches(backup, workspaceId, documentIds),
  };
}

/**
 * Rounds and consensus passages checked like annotations (a consensus passage's quote must be its
 * text at its offsets, its codes in the codebook, its round in the backup) and mapped to the
 * restored ids: a round keeps the documents the backup holds; coders stay user ids, as authors do.
 */
function checkRounds(
  backup: Backup,
  workspaceId: string,
  texts: Map<string, BackupDocument>,
  codes: Set<string>,
  documentIds: Map<string, string>,
): Pick<Plan, "rounds" | "consensus"> {
  const rounds = backup.rounds ?? [];
  const passages = backup.consensus ?? [];
  unique("round", rounds);
  unique("consensus passage", passages);
  const roundIds = new Set(rounds.map((r) => r.id));
  for (const p of passages) {
    const version = texts.get(p.documentId)?.versions[p.textVersion - 1];
    if (!roundIds.has(p.roundId) || !version) {
      throw invalid("reference", `consensus passage ${p.id}: no round or document version for it`);
    }
    if (p.start >= p.end || version.text.slice(p.start, p.end) !== p.exact) {
      throw invalid(
        "quote_mismatch",
        `consensus passage ${p.id}: its quote differs from the text at its offsets`,
      );
    }
    if (p.tags.some((t) => !codes.has(t))) {
      throw invalid("unknown_tag", `consensus passage ${p.id}: codes not in the backup's codebook`);
    }
  }
  return {
    rounds: rounds.map((r) => ({
      ...r,
      id: restoredId("rnd", r.id, workspaceId),
      workspaceId,
      documentIds: r.documentIds.flatMap((id) => documentIds.get(id) ?? []),
    })),
    consensus: passages.map((p) => ({
      ...p,
      id: restoredId("cns", p.id, workspaceId),
      roundId: restoredId("rnd", p.roundId, workspaceId),
      workspaceId,
      layer: "consensus" as const,
      documentId: documentIds.get(p.documentId)!,
      resolvedFrom: p.resolvedFrom.map((id) => restoredId("ann", id, workspaceId)),
    })),
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
