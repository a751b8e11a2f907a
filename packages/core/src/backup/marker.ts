import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Link from "../link/index.ts";

/** Progress of a restore, kept on the workspace item (`restore`). */
export interface RestoreMarker {
  digest: string;
  status: "running" | "done";
  startedAt: string;
  finishedAt?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The restore marker a workspace item holds, or null when none (or none readable) is there. */
export function restoreMarkerOf(workspace: Record<string, unknown>): RestoreMarker | null {
  const marker = workspace.restore;
  if (!isRecord(marker)) return null;
  const { digest, status, startedAt, finishedAt } = marker;
  if (typeof digest !== "string" || typeof startedAt !== "string") return null;
  if (status !== "running" && status !== "done") return null;
  return {
    digest,
    status,
    startedAt,
    ...(typeof finishedAt === "string" ? { finishedAt } : {}),
  };
}

/**
 * Marks the workspace as being restored from this backup. Refused when it has documents,
 * annotations or links, unless they are this same backup's interrupted restore (then it resumes),
 * and when a restore of another backup is under way.
 */
export async function beginRestore(
  ctx: Context,
  workspaceId: string,
  digest: string,
): Promise<void> {
  const item = (
    await ctx.db.send(
      new GetCommand({
        TableName: ctx.table,
        Key: keys.workspace(workspaceId),
        ConsistentRead: true,
      }),
    )
  ).Item;
  if (!item) throw new GlossError("not_found", "workspace.not_found", "no such workspace");
  const marker = restoreMarkerOf(item);
  const resuming = marker?.status === "running" && marker.digest === digest;
  if (!resuming) {
    if (marker?.status === "running") {
      throw new GlossError(
        "conflict",
        "backup.restore_in_progress",
        "another backup is being restored into this workspace; repeat that restore to finish it",
      );
    }
    const [documents, annotations, links] = await Promise.all([
      Document.list(ctx, workspaceId, { limit: 1 }),
      Annotation.listByWorkspace(ctx, workspaceId, { limit: 1 }),
      Link.listByWorkspace(ctx, workspaceId, { limit: 1 }),
    ]);
    if (documents.items.length || annotations.items.length || links.items.length) {
      throw new GlossError(
        "conflict",
        "backup.workspace_not_empty",
        "a backup is restored into an empty workspace; this one has documents or annotations",
      );
    }
  }
  const marked = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.workspace(workspaceId),
      UpdateExpression: "SET #restore = :marker",
      ConditionExpression:
        "attribute_exists(pk) AND (attribute_not_exists(#restore) OR #restore.#status = :done OR #restore.digest = :digest)",
      ExpressionAttributeNames: { "#restore": "restore", "#status": "status" },
      ExpressionAttributeValues: {
        ":marker": {
          digest,
          status: "running",
          startedAt: resuming ? marker.startedAt : ctx.now().toISOString(),
        } satisfies RestoreMarker,
        ":done": "done",
        ":digest": digest,
      },
    }),
  );
  if (!marked) {
    throw new GlossError(
      "conflict",
      "backup.restore_in_progress",
      "another backup is being restored into this workspace",
    );
  }
}

/** Marks the restore of this backup done; only its own marker is changed. */
export async function finishRestore(
  ctx: Context,
  workspaceId: string,
  digest: string,
): Promise<void> {
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.workspace(workspaceId),
      UpdateExpression: "SET #restore.#status = :done, #restore.finishedAt = :now",
      ConditionExpression: "#restore.digest = :digest",
      ExpressionAttributeNames: { "#restore": "restore", "#status": "status" },
      ExpressionAttributeValues: {
        ":done": "done",
        ":now": ctx.now().toISOString(),
        ":digest": digest,
      },
    }),
  );
}
