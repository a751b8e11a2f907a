import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import { RefiImportSummary } from "./schema.ts";

/** The most skipped items a record keeps (a DynamoDB item holds at most 400 KB). */
export const MAX_SKIPPED_KEPT = 1_000;

/**
 * A worker that has not written its record for this long is taken for dead (a Lambda frozen, timed
 * out or out of memory; a local server killed). A worker writes the record after every source, and
 * one source's writes (a 5 M-character text and a few thousand passages in batches of 25) take
 * well under a minute, so two minutes never judges a live worker dead. `GLOSS_REFI_STALE_SECONDS`
 * shortens it for tests.
 */
export function staleAfterMs(): number {
  const raw = Number(process.env.GLOSS_REFI_STALE_SECONDS ?? "");
  return (Number.isFinite(raw) && raw > 0 ? raw : 120) * 1000;
}

/** What a background worker needs to run (or resume) an import: where the file is, who posted it. */
export const RefiJob = z.object({ uploadId: z.string(), userId: z.string() });
export type RefiJob = z.infer<typeof RefiJob>;

/** The stored item: the summary clients poll, and the job's state beside it. */
const RecordItem = z.object({
  summary: z.unknown(),
  job: RefiJob.optional(),
  /** Epoch ms of the last write by whoever drives the import. */
  heartbeatAt: z.number().optional(),
  /** The worker that holds the import (a random token); absent when none does. */
  owner: z.string().optional(),
});

export interface StoredRecord {
  summary: RefiImportSummary;
  job: RefiJob | null;
  heartbeatAt: number;
  owner: string | null;
  /** Running, but nobody has written the record for `staleAfterMs()`: its worker died. */
  stalled: boolean;
}

/** An import's record with its job state (GetItem `WS#<ws>`, `IMPORT#<sha>`). */
export async function getStoredRecord(
  ctx: Context,
  workspaceId: string,
  sha256: string,
): Promise<StoredRecord | null> {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.refiImport(workspaceId, sha256),
      ConsistentRead: true,
    }),
  );
  const item = RecordItem.safeParse(result.Item);
  if (!result.Item || !item.success) return null;
  const summary = RefiImportSummary.safeParse(item.data.summary);
  if (!summary.success) return null;
  const heartbeatAt = item.data.heartbeatAt ?? Date.parse(summary.data.updatedAt);
  const stalled =
    summary.data.status === "running" && ctx.now().getTime() - heartbeatAt > staleAfterMs();
  return {
    summary: summary.data,
    job: item.data.job ?? null,
    heartbeatAt,
    owner: item.data.owner ?? null,
    stalled,
  };
}

/** The record of an import as clients see it, `stalled` set when its worker died. */
export async function getRecord(
  ctx: Context,
  workspaceId: string,
  sha256: string,
): Promise<RefiImportSummary | null> {
  const record = await getStoredRecord(ctx, workspaceId, sha256);
  if (!record) return null;
  return record.stalled ? { ...record.summary, stalled: true } : record.summary;
}

/**
 * Writes an import's summary and beats its heart: at its start, after each source, at its end.
 * With `owner`, only while that worker still holds the import: a worker taken for dead that wakes
 * up gets 409 `refi.import_taken_over` instead of overwriting its successor's progress. With
 * `job`, the record also says how to run the import, and no worker holds it until one claims it.
 */
export async function saveRecord(
  ctx: Context,
  workspaceId: string,
  summary: RefiImportSummary,
  options: { owner?: string; job?: RefiJob } = {},
): Promise<void> {
  const { stalled: _, ...stored } = summary;
  const kept = { ...stored, skipped: stored.skipped.slice(0, MAX_SKIPPED_KEPT) };
  const values: Record<string, unknown> = {
    ":type": "refi-import",
    ":summary": kept,
    ":now": ctx.now().getTime(),
  };
  let update = "SET #type = :type, summary = :summary, heartbeatAt = :now";
  if (options.job) {
    update += ", job = :job REMOVE #owner";
    values[":job"] = options.job;
  }
  if (options.owner) values[":owner"] = options.owner;
  const saved = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.refiImport(workspaceId, summary.importId),
      UpdateExpression: update,
      ...(options.owner ? { ConditionExpression: "#owner = :owner" } : {}),
      ExpressionAttributeNames: {
        "#type": "type",
        ...(options.job || options.owner ? { "#owner": "owner" } : {}),
      },
      ExpressionAttributeValues: values,
    }),
  );
  if (!saved) {
    throw new GlossError(
      "conflict",
      "refi.import_taken_over",
      "another worker took this import over after this one fell silent",
    );
  }
}

/**
 * Makes `owner` the one worker of a running import: when none holds it, or its holder fell silent
 * for `staleAfterMs()`. False when a live worker holds it (a second delivery of the same event).
 */
export async function claim(
  ctx: Context,
  workspaceId: string,
  sha256: string,
  owner: string,
): Promise<boolean> {
  const now = ctx.now().getTime();
  return writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.refiImport(workspaceId, sha256),
      UpdateExpression: "SET #owner = :owner, heartbeatAt = :now",
      ConditionExpression:
        "summary.#status = :running AND (attribute_not_exists(#owner) OR heartbeatAt < :stale)",
      ExpressionAttributeNames: { "#owner": "owner", "#status": "status" },
      ExpressionAttributeValues: {
        ":owner": owner,
        ":now": now,
        ":running": "running",
        ":stale": now - staleAfterMs(),
      },
    }),
  );
}

/** Lets go of an import (after a storage error), so Lambda's retry can claim it at once. */
export async function release(
  ctx: Context,
  workspaceId: string,
  sha256: string,
  owner: string,
): Promise<void> {
  await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.refiImport(workspaceId, sha256),
      UpdateExpression: "REMOVE #owner",
      ConditionExpression: "#owner = :owner",
      ExpressionAttributeNames: { "#owner": "owner" },
      ExpressionAttributeValues: { ":owner": owner },
    }),
  );
}
