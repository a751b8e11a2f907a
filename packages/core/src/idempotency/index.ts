import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import { type IdPrefix, newId } from "../id/index.ts";
import { hashSecret } from "../secret/index.ts";
import { fromItem, type StoredResponse, toItem } from "./item.ts";

/** Keys are remembered for a day, as the API promises. */
const KEY_TTL_SECONDS = 24 * 3600;
/**
 * How long a first attempt holds its key before a retry may take over. Safety does not depend on
 * it: both attempts create the same reserved id, and the store refuses the second. It only keeps
 * an impatient client from running the work twice at once.
 */
const LEASE_MS = 5_000;

export type { StoredResponse };

export type Reservation =
  | { kind: "proceed"; resourceId: string; hash: string }
  | { kind: "replay"; response: StoredResponse };

/**
 * Claims an Idempotency-Key for a create. The first request gets a reserved resource id; a retry
 * after it finished gets the stored response; a retry of a request that crashed or failed with
 * 5xx takes over with the same reserved id, so the create cannot happen twice.
 */
export async function reserve(
  ctx: Context,
  input: { scope: string; key: string; requestHash: string; prefix: IdPrefix },
): Promise<Reservation> {
  const hash = hashSecret(`${input.scope}\u0000${input.key}`);
  const key = keys.idempotency(hash);
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = ctx.now().getTime();
    const read = (
      await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: key, ConsistentRead: true }))
    ).Item;
    const existing = read ? fromItem(read) : null;
    if (!existing || existing.expiresAt * 1000 <= now) {
      const resourceId = newId(input.prefix, now);
      const claimed = await writeIf(
        ctx,
        new PutCommand({
          TableName: ctx.table,
          Item: toItem(hash, {
            requestHash: input.requestHash,
            resourceId,
            leaseUntil: now + LEASE_MS,
            expiresAt: Math.floor(now / 1000) + KEY_TTL_SECONDS,
          }),
          // Only over nothing, or over the expired record that was just read.
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt = :seen",
          ExpressionAttributeValues: { ":seen": existing?.expiresAt ?? -1 },
        }),
      );
      if (claimed) return { kind: "proceed", resourceId, hash };
      continue;
    }
    if (existing.requestHash !== input.requestHash) {
      throw new GlossError(
        "invalid",
        "idempotency.key_reused",
        "this Idempotency-Key was used for a different request; use a new key",
      );
    }
    if (existing.response) return { kind: "replay", response: existing.response };
    if (existing.leaseUntil > now) {
      throw new GlossError(
        "conflict",
        "idempotency.in_progress",
        "the first request with this key is still running; retry shortly",
        {
          retryAfter: 1,
        },
      );
    }
    const takenOver = await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: key,
        UpdateExpression: "SET leaseUntil = :lease",
        ConditionExpression: "leaseUntil = :seen AND #state = :pending",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":lease": now + LEASE_MS,
          ":seen": existing.leaseUntil,
          ":pending": "pending",
        },
      }),
    );
    if (takenOver) return { kind: "proceed", resourceId: existing.resourceId, hash };
  }
  throw new GlossError(
    "conflict",
    "idempotency.in_progress",
    "concurrent requests with this key; retry shortly",
    { retryAfter: 1 },
  );
}

/** Records the outcome of a reserved request: replayed from now on. */
export async function complete(
  ctx: Context,
  hash: string,
  response: StoredResponse,
): Promise<void> {
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.idempotency(hash),
      UpdateExpression: "SET #state = :done, #status = :status, body = :body, contentType = :type",
      ExpressionAttributeNames: { "#state": "state", "#status": "status" },
      ExpressionAttributeValues: {
        ":done": "done",
        ":status": response.status,
        ":body": response.body,
        ":type": response.contentType,
      },
    }),
  );
}

/** Lets a retry take over at once after a server-side failure (same reserved id). */
export async function release(ctx: Context, hash: string): Promise<void> {
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.idempotency(hash),
      UpdateExpression: "SET leaseUntil = :zero",
      ExpressionAttributeValues: { ":zero": 0 },
    }),
  );
}
