import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import type { Item } from "../db/items.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import { fromItem, toItem } from "./member-item.ts";
import type { Member, Role } from "./schema.ts";

function toMember(item: Item): Member {
  const { userId, name, email, role, createdAt } = fromItem(item);
  return { userId, name, email, role, joinedAt: createdAt };
}

/** Members of a workspace (Query `WS#<id>`, `MEMBER#` prefix). */
export async function listMembers(ctx: Context, workspaceId: string): Promise<Member[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.member],
  });
  return items.map(toMember);
}

async function getMember(ctx: Context, workspaceId: string, userId: string): Promise<Member> {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.member(workspaceId, userId),
      ConsistentRead: true,
    }),
  );
  if (!result.Item) throw new GlossError("not_found", "member.not_found", "no such member");
  return toMember(result.Item);
}

/**
 * The workspace item counts its owners. Losing an owner is a conditional decrement that refuses to
 * reach zero, made before the member item changes: without transactions, two owners demoting each
 * other at once still leave one. A crash after the decrement leaves the count low, which only
 * refuses more, never less.
 */
async function changeOwnerCount(ctx: Context, workspaceId: string, delta: 1 | -1): Promise<void> {
  const changed = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.workspace(workspaceId),
      UpdateExpression: "SET ownerCount = if_not_exists(ownerCount, :one) + :delta",
      ConditionExpression: delta < 0 ? "ownerCount > :one" : "attribute_exists(pk)",
      ExpressionAttributeValues: { ":one": 1, ":delta": delta },
    }),
  );
  if (!changed) {
    throw new GlossError(
      "conflict",
      "member.last_owner",
      "a workspace needs at least one owner: make someone else owner first",
    );
  }
}

/** Adds a user to a workspace; an existing member keeps the higher of the two roles. */
export async function addMember(
  ctx: Context,
  workspaceId: string,
  user: { id: string; name: string; email: string | null },
  role: Role,
): Promise<Member> {
  const existing = await getMember(ctx, workspaceId, user.id).catch(() => null);
  const rank = { viewer: 0, editor: 1, owner: 2 } as const;
  if (existing && rank[existing.role] >= rank[role]) return existing;
  if (role === "owner") await changeOwnerCount(ctx, workspaceId, 1);
  const createdAt = existing?.joinedAt ?? ctx.now().toISOString();
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: toItem({
        workspaceId,
        userId: user.id,
        name: user.name,
        email: user.email,
        role,
        createdAt,
      }),
    }),
  );
  return { userId: user.id, name: user.name, email: user.email, role, joinedAt: createdAt };
}

/** Changes a member's role; the last owner cannot be demoted. */
export async function changeRole(
  ctx: Context,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<Member> {
  const member = await getMember(ctx, workspaceId, userId);
  if (member.role === role) return member;
  if (member.role === "owner") await changeOwnerCount(ctx, workspaceId, -1);
  if (role === "owner") await changeOwnerCount(ctx, workspaceId, 1);
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.member(workspaceId, userId),
      UpdateExpression: "SET #role = :role",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: { "#role": "role" },
      ExpressionAttributeValues: { ":role": role },
    }),
  );
  return { ...member, role };
}

/** Removes a member (or lets one leave); the last owner cannot. */
export async function removeMember(
  ctx: Context,
  workspaceId: string,
  userId: string,
): Promise<void> {
  const member = await getMember(ctx, workspaceId, userId);
  if (member.role === "owner") await changeOwnerCount(ctx, workspaceId, -1);
  await ctx.db.send(
    new DeleteCommand({ TableName: ctx.table, Key: keys.member(workspaceId, userId) }),
  );
}
