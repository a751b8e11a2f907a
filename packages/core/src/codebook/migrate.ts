import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { type Item, optStr, str } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { defaultCodebook } from "./defaults.ts";
import { toItem } from "./item.ts";

/**
 * Brings a workspace's codes from the flat codebook into the tree, lazily on the first read that
 * sees a code without a rank. Only code items change: annotations keep their code ids, so no coding
 * can be lost. The default codes go under their default parents (created when missing, and only
 * those a present child needs); every other code stays at the top level in creation order. Each write is conditional on the code still having no rank, so concurrent or
 * repeated runs are harmless.
 */
export async function migrateLegacyCodes(
  ctx: Context,
  workspaceId: string,
  items: Item[],
): Promise<void> {
  // Only id and creation time are read of a legacy code: whatever else it lacks stays as it is.
  const legacy = items
    .filter((item) => typeof item.rank !== "number")
    .map((item) => ({ id: str(item, "id"), createdAt: optStr(item, "createdAt") ?? "" }));
  const present = new Set(items.map((item) => str(item, "id")));
  const defaults = new Map<string, (typeof defaultCodebook)[number]>(
    defaultCodebook.map((t) => [t.id, t]),
  );
  const order = new Map<string, number>(defaultCodebook.map((t, i) => [t.id, (i + 1) * 1024]));
  const now = ctx.now().toISOString();
  const neededParents = new Set(
    legacy.flatMap((item) => {
      const parent = defaults.get(item.id)?.parentId;
      return parent ? [parent] : [];
    }),
  );
  for (const parentId of neededParents) {
    if (present.has(parentId)) continue;
    const parent = defaults.get(parentId)!;
    await writeIf(
      ctx,
      new PutCommand({
        TableName: ctx.table,
        Item: toItem(workspaceId, {
          ...parent,
          rank: order.get(parentId)!,
          createdAt: now,
          updatedAt: now,
        }),
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }
  // Other codes keep the order they were made in (a restored backup keeps creation times).
  const others = legacy
    .filter((item) => !defaults.has(item.id))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((item) => item.id);
  for (const { id } of legacy) {
    const known = defaults.get(id);
    const rank = known ? order.get(id)! : 100_000 + others.indexOf(id) * 1024;
    await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.tag(workspaceId, id),
        // The version is left alone: the code's own fields did not change, and a reader's
        // pending rename must not get a conflict because of the migration.
        UpdateExpression: "SET parentId = :parent, #rank = :rank",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#rank)",
        ExpressionAttributeNames: { "#rank": "rank" },
        ExpressionAttributeValues: { ":parent": known?.parentId ?? null, ":rank": rank },
      }),
    );
  }
}
