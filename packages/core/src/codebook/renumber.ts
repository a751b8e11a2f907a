import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import type { Item } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { renumbered, type TreeNode } from "./tree.ts";

/**
 * Spreads the ranks of one parent's children (in their present order) back to the full step, so
 * the next move into a narrow gap has room. One conditional write per sibling, from the last to
 * the first (see `renumbered`: a renumbering cut short reorders nothing, and the next move that
 * finds a narrow gap simply renumbers again).
 *
 * The version is left alone, as the migration does: a rank is how the order is stored, not a
 * change anyone made (every position stays the same), so a reader's pending edit of a sibling
 * must not get a 409 because of it, and nothing is recorded in history. Each write is checked
 * against the version and the rank it was computed from, so a sibling changed meanwhile is left
 * as its writer put it. Returns false when any sibling had changed (the caller reads again).
 */
export async function renumberSiblings(
  ctx: Context,
  workspaceId: string,
  siblings: Array<TreeNode & { item: Item }>,
): Promise<boolean> {
  const ranks = renumbered(siblings);
  for (let i = siblings.length - 1; i >= 0; i--) {
    const sibling = siblings[i]!;
    const written = await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.tag(workspaceId, sibling.id),
        UpdateExpression: "SET #rank = :rank",
        ConditionExpression: "#version = :version AND #rank = :old",
        ExpressionAttributeNames: { "#rank": "rank", "#version": "version" },
        ExpressionAttributeValues: {
          ":rank": ranks[i],
          ":old": sibling.rank,
          ":version": sibling.item.version,
        },
      }),
    );
    if (!written) return false;
  }
  return true;
}
