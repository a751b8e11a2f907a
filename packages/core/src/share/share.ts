import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keyOf } from "../db/fields.ts";
import { keys, prefixes, workspaceSharesPk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import { hashSecret, newSecret } from "../secret/index.ts";
import { expiresAtOf, fromItem, toItem, workspaceOf } from "./item.ts";
import type { CreateShareInput, Share } from "./schema.ts";

/**
 * Creates a read-only link to a document. The secret (256 bits) is returned once; the table keeps
 * only its SHA-256, so a leaked table does not leak links.
 */
export async function create(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  creator: { id: string; name: string },
  input: CreateShareInput,
  /** `id`: an id reserved for this create (idempotent retries). */
  options: { id?: string | undefined } = {},
): Promise<Share & { token: string }> {
  const now = ctx.now();
  if (input.tags) {
    const known = new Set((await Codebook.list(ctx, workspaceId)).map((t) => t.id));
    const unknown = input.tags.filter((t) => !known.has(t));
    if (unknown.length) {
      throw new GlossError(
        "invalid",
        "share.unknown_tag",
        `not in the codebook: ${unknown.join(", ")}`,
      );
    }
  }
  const expires = input.expiresAt
    ? new Date(input.expiresAt)
    : input.expiresInDays
      ? new Date(now.getTime() + input.expiresInDays * 86_400_000)
      : null;
  if (expires && expires.getTime() <= now.getTime()) {
    throw new GlossError("invalid", "share.expiry_past", "the expiry must be in the future");
  }
  const id = options.id ?? newId("shr", now.getTime());
  const token = newSecret("shr");
  const share: Share = {
    id,
    documentId,
    label: input.label ?? "",
    includeNotes: input.includeNotes,
    anonymous: input.anonymous,
    tags: input.tags ?? null,
    createdBy: creator.id,
    createdByName: creator.name,
    createdAt: now.toISOString(),
    expiresAt: expires ? expires.toISOString() : null,
    views: 0,
    lastViewedAt: null,
  };
  await ctx.db.send(
    new PutCommand({ TableName: ctx.table, Item: toItem(hashSecret(token), workspaceId, share) }),
  );
  return { ...share, token };
}

/** Links of a workspace, or of one document (Query GSI1 `WS#<id>#SHARES`). */
export async function list(
  ctx: Context,
  workspaceId: string,
  documentId?: string,
): Promise<Share[]> {
  const items = await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", workspaceSharesPk(workspaceId)],
    beginsWith: ["gsi1sk", documentId ? `${prefixes.shares}${documentId}#` : prefixes.shares],
  });
  return items.map(fromItem);
}

/** Revokes a link; the next request with its token gets 404. */
export async function revoke(ctx: Context, workspaceId: string, shareId: string): Promise<void> {
  const item = (
    await queryAll(ctx, {
      index: "gsi1",
      partition: ["gsi1pk", workspaceSharesPk(workspaceId)],
      beginsWith: ["gsi1sk", prefixes.shares],
      keep: (i) => i.id === shareId,
    })
  )[0];
  if (!item) throw new GlossError("not_found", "share.not_found", "no such share link");
  await ctx.db.send(new DeleteCommand({ TableName: ctx.table, Key: keyOf(item) }));
}

/** Revokes every link of a document (when the document is deleted). */
export async function revokeAllOfDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<void> {
  for (const share of await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", workspaceSharesPk(workspaceId)],
    beginsWith: ["gsi1sk", `${prefixes.shares}${documentId}#`],
  })) {
    await ctx.db.send(new DeleteCommand({ TableName: ctx.table, Key: keyOf(share) }));
  }
}

/**
 * The link a token opens, counting the view (GetItem on the hash). Unknown, revoked and expired
 * tokens are all the same `null`: a caller cannot tell them apart.
 */
export async function open(
  ctx: Context,
  token: string,
): Promise<(Share & { workspaceId: string }) | null> {
  if (!/^shr_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const key = keys.share(hashSecret(token));
  const result = await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: key }));
  const item = result.Item;
  if (!item) return null;
  const now = ctx.now();
  const expiresAt = expiresAtOf(item);
  if (expiresAt !== undefined && expiresAt * 1000 <= now.getTime()) return null;
  // Revoked between the read and this write: the link is no longer valid.
  const stillThere = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: key,
      UpdateExpression: "SET lastViewedAt = :now ADD #views :one",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: { "#views": "views" },
      ExpressionAttributeValues: { ":now": now.toISOString(), ":one": 1 },
    }),
  );
  if (!stillThere) return null;
  return { ...fromItem(item), workspaceId: workspaceOf(item) };
}
