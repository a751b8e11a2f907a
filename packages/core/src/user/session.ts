import { randomBytes } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { num } from "../db/items.ts";
import { keys } from "../db/keys.ts";

/**
 * A browser session, from sign-in to sign-out. Its id travels inside the access token (a JWT the
 * API verifies by signature alone) and so inside every token refreshed from it; the access check
 * also reads this item, so signing out ends the session at once — the access cookie, its refresh
 * token and any rotated predecessor all stop working together, without waiting for expiry.
 */
export interface Session {
  id: string;
  userId: string;
}

const expiry = (ctx: Context, seconds: number) => Math.floor(ctx.now().getTime() / 1000) + seconds;

/** Starts a session for a user, alive for `seconds` unless renewed. */
export async function startSession(
  ctx: Context,
  userId: string,
  seconds: number,
): Promise<Session> {
  const id = randomBytes(16).toString("base64url");
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...keys.session(id),
        type: "session",
        userId,
        createdAt: ctx.now().toISOString(),
        expiresAt: expiry(ctx, seconds),
      },
    }),
  );
  return { id, userId };
}

/** Whether a session is alive and belongs to `userId`. */
export async function sessionLive(ctx: Context, sessionId: string, userId: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) return false;
  const item = (
    await ctx.db.send(
      new GetCommand({ TableName: ctx.table, Key: keys.session(sessionId), ConsistentRead: true }),
    )
  ).Item;
  return (
    item !== undefined &&
    item.userId === userId &&
    num(item, "expiresAt") * 1000 > ctx.now().getTime()
  );
}

/** Extends a live session (when its refresh token was renewed); false when it has ended. */
export async function renewSession(ctx: Context, sessionId: string, seconds: number) {
  return writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.session(sessionId),
      UpdateExpression: "SET expiresAt = :until",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":until": expiry(ctx, seconds) },
    }),
  );
}

/** Ends a session: every token naming it is refused from the next request on. */
export async function endSession(ctx: Context, sessionId: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) return;
  await ctx.db.send(new DeleteCommand({ TableName: ctx.table, Key: keys.session(sessionId) }));
}
