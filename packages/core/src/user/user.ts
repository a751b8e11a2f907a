import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import { fromItem, toEmailItem, toItem, userIdOf } from "./item.ts";

export interface User {
  id: string;
  email: string | null;
  name: string;
  createdAt: string;
}

/**
 * The one user of a Gloss running without sign-in (`npm start` without GLOSS_AUTH=on). Never
 * signs in; owns the default workspace until an account takes it over.
 */
export const LOCAL_OWNER = { id: "usr_local", name: "Local owner", email: null } as const;

/**
 * Emails compare after NFKC (full-width and compatibility forms fold to their plain letters),
 * without surrounding space, and case-insensitively.
 */
export const normalizeEmail = (email: string) => email.normalize("NFKC").trim().toLowerCase();

/** Longest email kept (RFC 5321's forward path), so its key stays far below DynamoDB's limit. */
const MAX_EMAIL_LENGTH = 254;

/** A user by id (GetItem); not_found when absent. */
export async function get(ctx: Context, userId: string): Promise<User> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.user(userId) }),
  );
  if (!result.Item) throw new GlossError("not_found", "user.not_found", "no such user");
  return fromItem(result.Item);
}

/**
 * The user with this email, created on first sign-in. The email item is written first and
 * conditionally, so two concurrent first sign-ins agree on one user id.
 */
export async function getOrCreateByEmail(ctx: Context, rawEmail: string): Promise<User> {
  const email = normalizeEmail(rawEmail);
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) {
    throw new GlossError(
      "invalid",
      "user.email_invalid",
      "an email address has at most 254 characters",
    );
  }
  const existing = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.userEmail(email), ConsistentRead: true }),
  );
  let userId = existing.Item ? userIdOf(existing.Item) : undefined;
  if (!userId) {
    const candidate = newId("usr", ctx.now().getTime());
    const claimed = await writeIf(
      ctx,
      new PutCommand({
        TableName: ctx.table,
        Item: toEmailItem(email, candidate),
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    if (claimed) {
      userId = candidate;
    } else {
      // Another sign-in with this address claimed it first: use that user.
      const winner = await ctx.db.send(
        new GetCommand({ TableName: ctx.table, Key: keys.userEmail(email), ConsistentRead: true }),
      );
      // The claim that refused ours is a put of the whole item, so the item is there.
      if (!winner.Item) throw new Error("the email item that refused a claim is gone");
      userId = userIdOf(winner.Item);
    }
  }
  const profile = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.user(userId) }),
  );
  if (profile.Item) return fromItem(profile.Item);
  const user: User = {
    id: userId,
    email,
    name: email.split("@")[0] ?? email,
    createdAt: ctx.now().toISOString(),
  };
  // Idempotent: finishes a creation a crash interrupted after the email item.
  await ctx.db.send(new PutCommand({ TableName: ctx.table, Item: toItem(user) }));
  return user;
}
