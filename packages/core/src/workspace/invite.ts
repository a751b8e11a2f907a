import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys, prefixes, workspaceInvitesPk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import { hashSecret, newSecret } from "../secret/index.ts";
import { fromItem, type InviteItem, toItem } from "./invite-item.ts";
import { addMember } from "./member.ts";
import type { CreateInviteInput, Invite, Member } from "./schema.ts";

function toInvite(invite: InviteItem): Invite {
  const { id, role, createdBy, createdAt, expiresAtIso, usedBy } = invite;
  return { id, role, createdBy, createdAt, expiresAt: expiresAtIso, usedBy };
}

/** Creates a single-use invitation link; the secret is returned once, stored only hashed. */
export async function createInvite(
  ctx: Context,
  workspaceId: string,
  createdBy: string,
  input: CreateInviteInput,
): Promise<Invite & { token: string }> {
  const now = ctx.now();
  const id = newId("inv", now.getTime());
  const token = newSecret("inv");
  const expires = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const invite = {
    id,
    workspaceId,
    role: input.role,
    createdBy,
    createdAt: now.toISOString(),
    expiresAtIso: expires.toISOString(),
    expiresAt: Math.floor(expires.getTime() / 1000),
  };
  await ctx.db.send(
    new PutCommand({ TableName: ctx.table, Item: toItem(hashSecret(token), invite) }),
  );
  return { ...toInvite({ ...invite, usedBy: null, acceptedAt: null }), token };
}

/** Invitations of a workspace (Query GSI1 `WS#<id>#INVITES`). */
export async function listInvites(ctx: Context, workspaceId: string): Promise<Invite[]> {
  const items = await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", workspaceInvitesPk(workspaceId)],
    beginsWith: ["gsi1sk", prefixes.invites],
  });
  return items.map((item) => toInvite(fromItem(item)));
}

/** Withdraws an invitation. */
export async function revokeInvite(
  ctx: Context,
  workspaceId: string,
  inviteId: string,
): Promise<void> {
  const items = await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", workspaceInvitesPk(workspaceId)],
    beginsWith: ["gsi1sk", `${prefixes.invites}${inviteId}`],
  });
  const item = items.find((i) => i.id === inviteId);
  if (!item) throw new GlossError("not_found", "invite.not_found", "no such invitation");
  await ctx.db.send(new DeleteCommand({ TableName: ctx.table, Key: { pk: item.pk, sk: item.sk } }));
}

/**
 * Accepts an invitation for a user, once. The invitation is claimed with a conditional write before
 * the membership is added, and marked accepted after: the same user repeating an accept that was
 * interrupted between the two finishes it, but an accepted invitation never works again, not even
 * for the user who accepted it (a removed or demoted member must not restore their own access).
 * Unknown, used and expired invitations are refused alike.
 */
export async function acceptInvite(
  ctx: Context,
  token: string,
  user: { id: string; name: string; email: string | null },
): Promise<{ workspaceId: string; member: Member }> {
  const key = keys.invite(hashSecret(token));
  const refused = () =>
    new GlossError("not_found", "invite.invalid", "this invitation is unknown, used or expired");
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: key, ConsistentRead: true }),
  );
  const item = result.Item ? fromItem(result.Item) : null;
  if (!item || item.expiresAt * 1000 <= ctx.now().getTime()) throw refused();
  if (item.acceptedAt !== null) throw refused();
  const claimed = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: key,
      UpdateExpression: "SET usedBy = :user, usedAt = if_not_exists(usedAt, :now)",
      ConditionExpression:
        "attribute_exists(pk) AND attribute_not_exists(acceptedAt) AND (attribute_not_exists(usedBy) OR usedBy = :user)",
      ExpressionAttributeValues: { ":user": user.id, ":now": ctx.now().toISOString() },
    }),
  );
  if (!claimed) throw refused();
  const { workspaceId } = item;
  const member = await addMember(ctx, workspaceId, user, item.role);
  // Only now is the invitation spent for good; conditional so a concurrent second accept by the
  // same user is the one refused rather than both succeeding.
  const first = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: key,
      UpdateExpression: "SET acceptedAt = :now",
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(acceptedAt)",
      ExpressionAttributeValues: { ":now": ctx.now().toISOString() },
    }),
  );
  if (!first) throw refused();
  return { workspaceId, member };
}
