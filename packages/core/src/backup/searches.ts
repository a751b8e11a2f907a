import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { isGlossError } from "../error/index.ts";
import { Queries, type SavedQuery } from "../search/index.ts";
import { restoredId } from "./ids.ts";
import { invalid, unique } from "./invalid.ts";
import type { Backup, BackupSavedSearch } from "./schema.ts";

/** A saved search left out of a backup, and why. */
export interface SkippedSearch {
  id: string;
  name: string;
  reason: string;
}

/**
 * The workspace's saved searches as a backup carries them. Deleting a document or a code leaves
 * saved searches naming it, and a backup carries only ready documents, so a filter keeps just the
 * documents and codes the backup has (the others match nothing anyway); a search whose whole
 * filter of either kind named only such things is left out, since restored without it it would
 * search everything.
 */
export async function backupSearches(
  ctx: Context,
  workspaceId: string,
  documentIds: Set<string>,
  codeIds: Set<string>,
): Promise<{ savedSearches: BackupSavedSearch[]; skipped: SkippedSearch[] }> {
  const savedSearches: BackupSavedSearch[] = [];
  const skipped: SkippedSearch[] = [];
  for (const query of await Queries.list(ctx, workspaceId)) {
    const { workspaceId: _workspaceId, ...fields } = query;
    const kept = {
      ...fields,
      documentIds: fields.documentIds.filter((id) => documentIds.has(id)),
      tags: fields.tags.filter((id) => codeIds.has(id)),
    };
    if (fields.documentIds.length > 0 && kept.documentIds.length === 0) {
      skipped.push({ id: query.id, name: query.name, reason: "its documents are not backed up" });
    } else if (fields.tags.length > 0 && kept.tags.length === 0) {
      skipped.push({ id: query.id, name: query.name, reason: "its codes no longer exist" });
    } else {
      savedSearches.push(kept);
    }
  }
  return { savedSearches, skipped };
}

/**
 * Checks a backup's saved searches as the API would have saved them (a query that runs, codes of
 * the codebook, documents of the backup) and returns them as stored in the restored workspace:
 * new ids, document filters mapped to the restored documents.
 */
export function checkSearches(
  backup: Backup,
  workspaceId: string,
  documentIds: Map<string, string>,
): SavedQuery[] {
  const searches = backup.savedSearches ?? [];
  unique("saved search", searches);
  const codes = new Set(backup.codebook.map((t) => t.id));
  return searches.map((s) => {
    const missing = s.documentIds.find((id) => !documentIds.has(id));
    if (missing) throw invalid("reference", `saved search ${s.id}: no document ${missing}`);
    const unknown = s.tags.find((t) => !codes.has(t));
    if (unknown) {
      throw invalid("unknown_tag", `saved search ${s.id}: code ${unknown} is not in the codebook`);
    }
    checkRunnable(s);
    return {
      ...s,
      id: restoredId("qry", s.id, workspaceId),
      workspaceId,
      documentIds: s.documentIds.map((id) => documentIds.get(id)!),
    };
  });
}

/** The rule a saved search is created under (`Queries.checkRunnable`), as a restore refusal. */
function checkRunnable(search: BackupSavedSearch): void {
  try {
    Queries.checkRunnable(search.q, search.options);
  } catch (error) {
    if (!isGlossError(error)) throw error;
    throw invalid("saved_search_query", `saved search ${search.id}: ${error.message}`);
  }
}

/** The checked saved searches, ids and document filters already mapped, through their item. */
export async function restoreSearches(ctx: Context, savedSearches: SavedQuery[]): Promise<void> {
  await batchWrite(
    ctx,
    savedSearches.map((query) => ({ PutRequest: { Item: Queries.toItem(query) } })),
  );
}
