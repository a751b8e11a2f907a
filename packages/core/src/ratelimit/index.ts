import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { keys } from "../db/keys.ts";

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in the table (one atomic increment per key), shared by every Lambda
 * instance. Returns the seconds to wait when any key is over its limit, else 0.
 */
export async function rateLimited(
  ctx: Context,
  bucketKeys: Array<string | false | undefined | "">,
  limit: RateLimit,
): Promise<number> {
  const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
  const window = Math.floor(nowSeconds / limit.windowSeconds);
  const windowEnd = (window + 1) * limit.windowSeconds;
  let over = false;
  for (const key of bucketKeys) {
    if (!key) continue;
    const result = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.rateWindow(key, window),
        UpdateExpression: "SET expiresAt = :end ADD hits :one",
        ExpressionAttributeValues: { ":end": windowEnd + limit.windowSeconds, ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    if (((result.Attributes?.hits as number | undefined) ?? 0) > limit.max) over = true;
  }
  return over ? Math.max(1, windowEnd - nowSeconds) : 0;
}
