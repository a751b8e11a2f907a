import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { optNum } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { hashSecret } from "../secret/index.ts";

/**
 * Buckets are named from client input (an address header, an email). Past this length the name is
 * replaced by its SHA-256, so no input can push a key over DynamoDB's 2 KB limit.
 */
const MAX_BUCKET_LENGTH = 128;

/** The table name of a bucket: as it is when short, else its kind and a hash of the whole. */
export function bucketName(bucket: string): string {
  if (bucket.length <= MAX_BUCKET_LENGTH) return bucket;
  const kind = bucket.slice(0, bucket.indexOf(":") + 1).slice(0, 32);
  return `${kind}sha256:${hashSecret(bucket)}`;
}

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
        Key: keys.rateWindow(bucketName(key), window),
        UpdateExpression: "SET expiresAt = :end ADD hits :one",
        ExpressionAttributeValues: { ":end": windowEnd + limit.windowSeconds, ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    if ((optNum(result.Attributes ?? {}, "hits") ?? 0) > limit.max) over = true;
  }
  return over ? Math.max(1, windowEnd - nowSeconds) : 0;
}
