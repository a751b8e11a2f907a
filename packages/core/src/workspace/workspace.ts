import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { type Item, optStr, str } from "../db/items.ts";
import { keys, prefixes, userPk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import { fromItem, toItem } from "./item.ts";
import * as Member from "./member-item.ts";
import type { Role, Workspace } from "./schema.ts";

export interface Membership {
  workspaceId: string;
  userId: string;
  role: Role;
}

/**
 * Creates a workspace owned by `userId` with the default codebook. Written codes first, then the
 * workspace, then the membership: a crash part-way leaves nothing the user can see.
 */
export async function create(
  ctx: Context,
  user: { id: string; name: string; email?: string | null },
  input: { name: string; id?: string },
): Promise<Workspace> {
  const userId = user.id;
  const id = input.id ?? newId("ws", ctx.now().getTime());
  const createdAt = ctx.now().toISOString();
  await Codebook.seedDefaults(ctx, id);
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: toItem({ id, name: input.name, createdAt, createdBy: userId }),
    }),
  );
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: Member.toItem({
        workspaceId: id,
        userId,
        name: user.name,
        email: user.email ?? null,
        role: "owner",
        createdAt,
      }),
    }),
  );
  return { id, name: input.name, role: "owner", createdAt };
}

/** The caller's membership of a workspace, or null (GetItem on the member item). */
export async function getMembership(
  ctx: Context,
  workspaceId: string,
  userId: string,
): Promise<Membership | null> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.member(workspaceId, userId) }),
  );
  if (!result.Item) return null;
  return { workspaceId, userId, role: Member.fromItem(result.Item).role };
}

/** Workspaces a user belongs to, with their role (Query GSI1 `USER#<id>`, then BatchGet). */
export async function listForUser(ctx: Context, userId: string): Promise<Workspace[]> {
  const memberships = (
    await queryAll(ctx, {
      index: "gsi1",
      partition: ["gsi1pk", userPk(userId)],
      beginsWith: ["gsi1sk", prefixes.userWorkspaces],
    })
  ).map(Member.fromItem);
  if (memberships.length === 0) return [];
  const workspaces: Workspace[] = [];
  // BatchGet takes 100 keys at a time.
  for (let i = 0; i < memberships.length; i += 100) {
    const chunk = memberships.slice(i, i + 100);
    let request: Item[] = chunk.map((m) => keys.workspace(m.workspaceId));
    for (let attempt = 0; request.length > 0 && attempt < 6; attempt++) {
      const result = await ctx.db.send(
        new BatchGetCommand({ RequestItems: { [ctx.table]: { Keys: request } } }),
      );
      for (const item of result.Responses?.[ctx.table] ?? []) {
        const { id, name, createdAt } = fromItem(item);
        const role = chunk.find((m) => m.workspaceId === id)?.role;
        // Every key asked for came from one of the chunk's memberships.
        if (role) workspaces.push({ id, name, role, createdAt });
      }
      request = result.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
    }
  }
  return workspaces.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The user's default workspace, created on first use. The user item records its id with a
 * conditional write, so concurrent first requests (two cold Lambdas) agree on one workspace.
 */
export async function ensureDefault(
  ctx: Context,
  user: { id: string; name: string; email?: string | null },
): Promise<string> {
  const existing = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.user(user.id) }),
  );
  let workspaceId = existing.Item ? optStr(existing.Item, "defaultWorkspaceId") : null;
  if (!workspaceId) {
    const candidate = newId("ws", ctx.now().getTime());
    // The user item may exist already (created at sign-in): set only the missing fields.
    const claimed = await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.user(user.id),
        UpdateExpression:
          "SET defaultWorkspaceId = :ws, #type = if_not_exists(#type, :type), id = if_not_exists(id, :id), #name = if_not_exists(#name, :name), createdAt = if_not_exists(createdAt, :now)",
        ConditionExpression: "attribute_not_exists(defaultWorkspaceId)",
        ExpressionAttributeNames: { "#type": "type", "#name": "name" },
        ExpressionAttributeValues: {
          ":ws": candidate,
          ":type": "user",
          ":id": user.id,
          ":name": user.name,
          ":now": ctx.now().toISOString(),
        },
      }),
    );
    if (claimed) {
      workspaceId = candidate;
    } else {
      // Refused: another request set the default first, so the item has one.
      const winner = await ctx.db.send(
        new GetCommand({ TableName: ctx.table, Key: keys.user(user.id), ConsistentRead: true }),
      );
      workspaceId = str(winner.Item ?? {}, "defaultWorkspaceId");
    }
  }
  // Finish a creation a crash may have interrupted: every step below is an idempotent put.
  const membership = await getMembership(ctx, workspaceId, user.id);
  if (!membership) await create(ctx, user, { id: workspaceId, name: "My workspace" });
  return workspaceId;
}

/** A workspace by id, as seen by a member; not_found otherwise. */
export async function get(ctx: Context, workspaceId: string, role: Role): Promise<Workspace> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.workspace(workspaceId) }),
  );
  if (!result.Item) {
    throw new GlossError("not_found", "workspace.not_found", "no such workspace");
  }
  const { name, createdAt } = fromItem(result.Item);
  return { id: workspaceId, name, role, createdAt };
}
