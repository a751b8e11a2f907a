import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { keys } from "../db/keys.ts";
import * as Storage from "../storage/index.ts";

/**
 * Objects younger than this are never swept: a document's objects are written before its item,
 * and a create (or an upload that has not been ingested yet) may still be on its way.
 */
export const DEFAULT_SWEEP_AGE_MS = 24 * 3600 * 1000;

/**
 * How much one run may delete. A sweep pointed at the wrong table (a point-in-time restore under a
 * new name, an empty table of a fresh stage sharing the bucket) would find every document
 * orphaned, and one run would erase the originals. So a run deletes at most `maxShare` of the
 * documents it saw (but always up to `minPerRun`, so small stages and single leftovers are cleaned),
 * and deletes nothing at all when the table looks empty or restored: no document it saw has an
 * item, or more than `refuseShare` of them have none. The bucket keeps deleted objects as
 * noncurrent versions for 30 days (infra/storage.ts), so even a wrong deletion is recoverable.
 */
export interface SweepLimits {
  maxShare: number;
  minPerRun: number;
  refuseShare: number;
}

/**
 * Interrupted creates are rare (a Lambda timeout between two writes): a few a day at most, far
 * below 1 % of a workspace's documents. 5 % per run clears any real backlog within days; more
 * than 20 % missing is not a backlog but a different table.
 */
export const DEFAULT_SWEEP_LIMITS: SweepLimits = {
  maxShare: 0.05,
  minPerRun: 10,
  refuseShare: 0.2,
};

export interface SweepResult {
  documentsSeen: number;
  /** Documents old enough to judge, and those of them without an item. */
  documentsJudged: number;
  documentsOrphaned: number;
  documentsSwept: number;
  objectsDeleted: number;
  /** Why nothing was deleted although orphans were found, if so. */
  refused?: "table_empty" | "too_many_orphans";
}

/** `workspaces/<ws>/documents/<doc>/…` → its workspace and document; null for anything else. */
function ownerOf(key: string): { workspaceId: string; documentId: string } | null {
  const [root, workspaceId, kind, documentId] = key.split("/");
  if (root !== "workspaces" || kind !== "documents" || !workspaceId || !documentId) return null;
  return { workspaceId, documentId };
}

type Owner = { workspaceId: string; documentId: string };

/** How many of `orphans` found among `judged` documents one run may delete (see SweepLimits). */
export function sweepAllowance(
  judged: number,
  orphans: number,
  limits: SweepLimits = DEFAULT_SWEEP_LIMITS,
): { allowed: number; refused?: SweepResult["refused"] } {
  if (orphans === 0) return { allowed: 0 };
  if (orphans === judged) return { allowed: 0, refused: "table_empty" };
  if (orphans > limits.minPerRun && orphans / judged > limits.refuseShare) {
    return { allowed: 0, refused: "too_many_orphans" };
  }
  return {
    allowed: Math.min(orphans, Math.max(limits.minPerRun, Math.floor(judged * limits.maxShare))),
  };
}

/**
 * Deletes the objects of documents that have no item: what a create interrupted between its S3
 * writes and its item, or an upload whose document was deleted, leaves behind. A background job
 * (daily Lambda; the local runtime at start): it lists the bucket, which no request path does.
 * Objects of one document are contiguous in the listing, so memory holds one document at a time
 * plus the orphans found; deletion waits until the whole listing was judged (SweepLimits).
 */
export async function sweepOrphanObjects(
  ctx: Context,
  options: { olderThanMs?: number; limits?: SweepLimits } = {},
): Promise<SweepResult> {
  const cutoff = ctx.now().getTime() - (options.olderThanMs ?? DEFAULT_SWEEP_AGE_MS);
  const result: SweepResult = {
    documentsSeen: 0,
    documentsJudged: 0,
    documentsOrphaned: 0,
    documentsSwept: 0,
    objectsDeleted: 0,
  };
  const orphans: Owner[] = [];
  let current: (Owner & { newest: number }) | null = null;

  const judge = async (group: NonNullable<typeof current>) => {
    result.documentsSeen++;
    if (group.newest > cutoff) return;
    result.documentsJudged++;
    const item = await ctx.db.send(
      new GetCommand({
        TableName: ctx.table,
        Key: keys.document(group.workspaceId, group.documentId),
      }),
    );
    if (!item.Item) orphans.push({ workspaceId: group.workspaceId, documentId: group.documentId });
  };

  for await (const page of Storage.listPages(ctx, "workspaces/")) {
    for (const object of page) {
      const owner = ownerOf(object.key);
      if (!owner) continue;
      const modified = object.modifiedAt.getTime();
      if (
        current &&
        current.workspaceId === owner.workspaceId &&
        current.documentId === owner.documentId
      ) {
        current.newest = Math.max(current.newest, modified);
        continue;
      }
      if (current) await judge(current);
      current = { ...owner, newest: modified };
    }
  }
  if (current) await judge(current);

  result.documentsOrphaned = orphans.length;
  const { allowed, refused } = sweepAllowance(
    result.documentsJudged,
    orphans.length,
    options.limits,
  );
  if (refused) result.refused = refused;
  for (const orphan of orphans.slice(0, allowed)) {
    // Checked again right before deleting: a restore or a late write may have brought it back.
    const item = await ctx.db.send(
      new GetCommand({
        TableName: ctx.table,
        Key: keys.document(orphan.workspaceId, orphan.documentId),
      }),
    );
    if (item.Item) continue;
    result.objectsDeleted += await Storage.deletePrefix(
      ctx,
      Storage.objectKeys.documentPrefix(orphan.workspaceId, orphan.documentId),
    );
    result.documentsSwept++;
  }
  return result;
}
