import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "@gloss/core/context";

/** Every item of a partition whose sort key begins with `prefix` (OpenAuth's own key space). */
export async function queryAllRaw(ctx: Context, pk: string, prefix: string) {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(
      new QueryCommand({
        TableName: ctx.table,
        KeyConditionExpression: prefix ? "pk = :pk AND begins_with(sk, :sk)" : "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk, ...(prefix ? { ":sk": prefix } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
