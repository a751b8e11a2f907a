import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "@gloss/core/context";
import { batchWrite } from "@gloss/core/db";

/** Left in the data folder while the local runtime runs; a clean stop removes it. */
const MARKER = "running";

/**
 * The embedded DynamoDB (dynalite) writes an item's index entries and the item itself as
 * separate LevelDB writes (old index entries deleted, new ones put, then the item), so a process
 * killed between them leaves an item that a GSI Query no longer finds: a passage that is stored
 * but missing from its document's list. DynamoDB keeps its indexes consistent itself; this is the
 * embedded store's gap only. When the previous run did not stop cleanly (its marker is still
 * there), every item is written again before anything is served, which rebuilds its index
 * entries. A Scan at start-up, never in a request path. Returns how many items were rewritten,
 * or null after a clean stop.
 */
export async function repairIndexesAfterCrash(
  ctx: Context,
  dataDir: string,
): Promise<number | null> {
  const marker = join(dataDir, MARKER);
  let rewritten: number | null = null;
  if (existsSync(marker)) {
    rewritten = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ctx.db.send(
        new ScanCommand({ TableName: ctx.table, ExclusiveStartKey: start }),
      );
      const items = page.Items ?? [];
      await batchWrite(
        ctx,
        items.map((Item) => ({ PutRequest: { Item } })),
      );
      rewritten += items.length;
      start = page.LastEvaluatedKey;
    } while (start);
  }
  await writeFile(marker, `${process.pid}\n`);
  return rewritten;
}

/** Marks a clean stop: the next start needs no repair. */
export async function markStopped(dataDir: string): Promise<void> {
  await rm(join(dataDir, MARKER), { force: true });
}
