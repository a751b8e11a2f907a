import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { keys } from "../db/keys.ts";
import { RefiImportSummary } from "./schema.ts";

/** The most skipped items a record keeps (a DynamoDB item holds at most 400 KB). */
export const MAX_SKIPPED_KEPT = 1_000;

/** The record of an import, by the file's SHA-256 (GetItem `WS#<ws>`, `IMPORT#<sha>`). */
export async function getRecord(
  ctx: Context,
  workspaceId: string,
  sha256: string,
): Promise<RefiImportSummary | null> {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.refiImport(workspaceId, sha256),
      ConsistentRead: true,
    }),
  );
  if (!result.Item) return null;
  const parsed = RefiImportSummary.safeParse(result.Item.summary);
  return parsed.success ? parsed.data : null;
}

/** Writes an import's record: at its start, after each source, and at its end. */
export async function saveRecord(
  ctx: Context,
  workspaceId: string,
  summary: RefiImportSummary,
): Promise<void> {
  const kept = { ...summary, skipped: summary.skipped.slice(0, MAX_SKIPPED_KEPT) };
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...keys.refiImport(workspaceId, summary.importId),
        type: "refi-import",
        summary: kept,
      },
    }),
  );
}
