import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys, prefixes, userPk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import { hashSecret, newSecret } from "../secret/index.ts";
import { fromItem, type TokenItem, toItem } from "./item.ts";
import type { ApiToken, CreateApiTokenInput } from "./schema.ts";

/** Prefix of personal API tokens, so leaked ones are recognisable by secret scanners. */
export const TOKEN_PREFIX = "gls";

/** lastUsedAt is written at most once a minute per token: a busy script must not double its cost. */
const LAST_USED_RESOLUTION_MS = 60_000;

function toToken(token: TokenItem): ApiToken {
  const { id, name, createdAt, expiresAtIso, lastUsedAt } = token;
  return { id, name, createdAt, expiresAt: expiresAtIso, lastUsedAt };
}

/** Creates a token for a user; the secret is returned once and only its hash is stored. */
export async function create(
  ctx: Context,
  userId: string,
  input: CreateApiTokenInput,
  /** `id`: an id reserved for this create (idempotent retries). */
  options: { id?: string | undefined } = {},
): Promise<ApiToken & { token: string }> {
  const now = ctx.now();
  const id = options.id ?? newId("tok", now.getTime());
  const token = newSecret(TOKEN_PREFIX);
  const expires = input.expiresInDays
    ? new Date(now.getTime() + input.expiresInDays * 86_400_000)
    : null;
  const stored = {
    id,
    userId,
    name: input.name,
    createdAt: now.toISOString(),
    expiresAtIso: expires?.toISOString() ?? null,
    expiresAt: expires ? Math.floor(expires.getTime() / 1000) : null,
  };
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: toItem(hashSecret(token), stored),
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { ...toToken({ ...stored, lastUsedAt: null }), token };
}

/** Tokens of a user (Query GSI1 `USER#<id>`, `TOKEN#` prefix). Never includes secrets. */
export async function list(ctx: Context, userId: string): Promise<ApiToken[]> {
  const items = await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", userPk(userId)],
    beginsWith: ["gsi1sk", prefixes.userTokens],
  });
  return items.map((item) => toToken(fromItem(item)));
}

/** Revokes a token of a user; effective on the very next request. */
export async function revoke(ctx: Context, userId: string, tokenId: string): Promise<void> {
  const items = await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", userPk(userId)],
    beginsWith: ["gsi1sk", `${prefixes.userTokens}${tokenId}`],
  });
  const item = items.find((i) => i.id === tokenId);
  if (!item) throw new GlossError("not_found", "token.not_found", "no such token");
  await ctx.db.send(new DeleteCommand({ TableName: ctx.table, Key: { pk: item.pk, sk: item.sk } }));
}

/**
 * The user a bearer token belongs to, or null when it is unknown, revoked or expired (GetItem on
 * the hash). Records the time of use, coarsely.
 */
export async function verify(
  ctx: Context,
  token: string,
): Promise<{ userId: string; tokenId: string } | null> {
  if (!token.startsWith(`${TOKEN_PREFIX}_`) || token.length > 200) return null;
  const key = keys.apiToken(hashSecret(token));
  const result = await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: key }));
  if (!result.Item) return null;
  const item = fromItem(result.Item);
  const now = ctx.now();
  if (item.expiresAt !== null && item.expiresAt * 1000 <= now.getTime()) return null;
  const lastUsed = item.lastUsedAt ? Date.parse(item.lastUsedAt) : 0;
  if (now.getTime() - lastUsed >= LAST_USED_RESOLUTION_MS) {
    const stillThere = await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: key,
        UpdateExpression: "SET lastUsedAt = :now",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":now": now.toISOString() },
      }),
    );
    // Revoked between the read and this write: the token is no longer valid.
    if (!stillThere) return null;
  }
  return { userId: item.userId, tokenId: item.id };
}
