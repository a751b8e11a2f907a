import { createHash } from "node:crypto";
import type { Context } from "../context/index.ts";
import { restoreAnnotations } from "./annotation.ts";
import { restoreAttributes } from "./attributes.ts";
import { restoreCodes } from "./codes.ts";
import { restoreDocuments, restoreObjects } from "./documents.ts";
import { historyOf, restoreHistory } from "./history.ts";
import { invalid } from "./invalid.ts";
import { restoreLinks } from "./links.ts";
import { beginRestore, finishRestore } from "./marker.ts";
import { planRestore } from "./plan.ts";
import { restoreProvenance } from "./provenance.ts";
import { restoreRounds } from "./rounds.ts";
import { type Backup, Backup as BackupSchema, type RestoreResult } from "./schema.ts";
import { restoreSearches } from "./searches.ts";

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

  await restoreCodes(ctx, workspaceId, backup.codebook, plan.codes);
  // Attribute definitions, before the documents that hold values of them.
  await restoreAttributes(ctx, workspaceId, backup.attributes);
  for (const document of backup.documents) {
    const documentId = plan.documentIds.get(document.id)!;
    await restoreObjects(ctx, workspaceId, documentId, document);
    await restoreProvenance(ctx, workspaceId, documentId, plan.provenance.get(document.id) ?? []);
  }
  await restoreAnnotations(ctx, workspaceId, backup.annotations, plan);
  await restoreLinks(ctx, workspaceId, backup.links, backup.annotations, plan);
  // Rounds and their consensus passages, ids mapped, before the documents they are on appear.
  await restoreRounds(ctx, plan);
  await restoreHistory(ctx, workspaceId, history);
  await restoreSearches(ctx, plan.savedSearches);
  await restoreDocuments(ctx, workspaceId, backup.documents, backup.annotations, plan);

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
