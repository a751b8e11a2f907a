import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { keys } from "../db/keys.ts";
import * as Storage from "../storage/index.ts";

/**
 * Objects younger than this are never swept: a document's objects are written before its item,
 * and a create (or an upload that has not been ingested yet) may still be on its way.
 */
export const DEFAULT_SWEEP_AGE_MS = 24 * 3600 * 1000;

export interface SweepResult {
  documentsSeen: number;
  documentsSwept: number;
  objectsDeleted: number;
}

/** `workspaces/<ws>/documents/<doc>/…` → its workspace and document; null for anything else. */
function ownerOf(key: string): { workspaceId: string; documentId: string } | null {
  const [root, workspaceId, kind, documentId] = key.split("/");
  if (root !== "workspaces" || kind !== "documents" || !workspaceId || !documentId) return null;
  return { workspaceId, documentId };
}

/**
 * Deletes the objects of documents that have no item: what a create interrupted between its S3
 * writes and its item, or an upload whose document was deleted, leaves behind. A background job
 * (daily Lambda; the local runtime at start): it lists the bucket, which no request path does.
 * Objects of one document are contiguous in the listing, so memory holds one document at a time.
 */
export async function sweepOrphanObjects(
  ctx: Context,
  options: { olderThanMs?: number } = {},
): Promise<SweepResult> {
  const cutoff = ctx.now().getTime() - (options.olderThanMs ?? DEFAULT_SWEEP_AGE_MS);
  const result: SweepResult = { documentsSeen: 0, documentsSwept: 0, objectsDeleted: 0 };
  let current: { workspaceId: string; documentId: string; newest: number } | null = null;

  const settle = async (group: NonNullable<typeof current>) => {
    result.documentsSeen++;
    if (group.newest > cutoff) return;
    const item = await ctx.db.send(
      new GetCommand({
        TableName: ctx.table,
        Key: keys.document(group.workspaceId, group.documentId),
      }),
    );
    if (item.Item) return;
    result.objectsDeleted += await Storage.deletePrefix(
      ctx,
      Storage.objectKeys.documentPrefix(group.workspaceId, group.documentId),
    );
    result.documentsSwept++;
  };

  let token: string | undefined;
  do {
    const page = await ctx.s3.send(
      new ListObjectsV2Command({
        Bucket: ctx.bucket,
        Prefix: "workspaces/",
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const owner = object.Key ? ownerOf(object.Key) : null;
      if (!owner) continue;
      const modified = object.LastModified?.getTime() ?? Date.now();
      if (
        current &&
        current.workspaceId === owner.workspaceId &&
        current.documentId === owner.documentId
      ) {
        current.newest = Math.max(current.newest, modified);
        continue;
      }
      if (current) await settle(current);
      current = { ...owner, newest: modified };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (current) await settle(current);
  return result;
}
