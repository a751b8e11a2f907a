import { BatchWriteCommand, type BatchWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { GlossError } from "../error/index.ts";

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/**
 * Writes requests 25 at a time (BatchWriteItem's limit), retrying unprocessed ones with
 * exponential backoff. Each request is its own idempotent write: callers order them so that a
 * partial batch leaves nothing visible half-done.
 */
export async function batchWrite(ctx: Context, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    // Typed as the SDK types what it hands back unprocessed, which is what gets sent again.
    let pending: NonNullable<BatchWriteCommandInput["RequestItems"]>[string] = requests.slice(
      i,
      i + 25,
    );
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) {
        throw new GlossError("unavailable", "storage.unavailable", "storage is busy; try again");
      }
      if (attempt > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const result = await ctx.db.send(
        new BatchWriteCommand({ RequestItems: { [ctx.table]: pending } }),
      );
      pending = result.UnprocessedItems?.[ctx.table] ?? [];
    }
  }
}
