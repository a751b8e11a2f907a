import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { updateVersioned } from "../db/versioned.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import * as Workspace from "../workspace/index.ts";
import { type CreateRoundInput, Round } from "./schema.ts";

/** The stored item of a round: its keys and the round's fields (also written by restore). */
export function toItem(round: Round) {
  return { ...keys.round(round.workspaceId, round.id), type: "round", ...round };
}

/** The round an item holds; the schema parses it, so a malformed item fails loudly. */
function fromItem(item: Record<string, unknown>): Round {
  return Round.parse({
    id: item.id,
    workspaceId: item.workspaceId,
    documentIds: item.documentIds,
    coderIds: item.coderIds,
    tagIds: item.tagIds,
    blind: item.blind,
    status: item.status,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
    closedAt: item.closedAt ?? null,
    version: item.version,
  });
}

/**
 * Opens a coding round. Every document and code must exist in the workspace and every coder must
 * be a member who can annotate (editor or owner); the first that is not is named in the error.
 */
export async function create(
  ctx: Context,
  workspaceId: string,
  createdBy: string,
  input: CreateRoundInput,
): Promise<Round> {
  for (const documentId of input.documentIds) await Document.get(ctx, workspaceId, documentId);
  for (const tagId of input.tagIds) await Codebook.get(ctx, workspaceId, tagId);
  for (const coderId of input.coderIds) {
    const membership = await Workspace.getMembership(ctx, workspaceId, coderId);
    if (!membership || !Workspace.roleAtLeast(membership.role, "editor")) {
      throw new GlossError(
        "invalid",
        "round.coder_not_editor",
        `coder "${coderId}" is not an editor or owner of this workspace`,
      );
    }
  }
  const now = ctx.now();
  const round: Round = {
    id: newId("rnd", now.getTime()),
    workspaceId,
    documentIds: input.documentIds,
    coderIds: input.coderIds,
    tagIds: input.tagIds,
    blind: input.blind,
    status: "open",
    createdBy,
    createdAt: now.toISOString(),
    closedAt: null,
    version: 1,
  };
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: toItem(round),
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return round;
}

/** A round of a workspace (GetItem); not_found when absent. */
export async function get(ctx: Context, workspaceId: string, roundId: string): Promise<Round> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.round(workspaceId, roundId) }),
  );
  if (!result.Item) {
    throw new GlossError("not_found", "round.not_found", `no round "${roundId}" in this workspace`);
  }
  return fromItem(result.Item);
}

/** Rounds of a workspace, oldest first (Query `WS#<id>`, `ROUND#` prefix; ids sort by time). */
export async function listByWorkspace(ctx: Context, workspaceId: string): Promise<Round[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.round],
  });
  return items.map(fromItem);
}

/** Closes an open round; conflict when it is already closed (the first close wins). */
export async function close(ctx: Context, workspaceId: string, roundId: string): Promise<Round> {
  const round = await get(ctx, workspaceId, roundId);
  const closedAt = ctx.now().toISOString();
  const closed = await updateVersioned(
    ctx,
    keys.round(workspaceId, roundId),
    { set: { status: "closed", closedAt } },
    { expectVersion: null, when: { status: "open" } },
  );
  if (!closed) {
    throw new GlossError("conflict", "round.closed", `round "${roundId}" is already closed`);
  }
  return { ...round, status: "closed", closedAt, version: round.version + 1 };
}

/**
 * The open blind rounds of a workspace that `userId` codes in, for hiding other coders' passages
 * from them (Query `WS#<id>`, `ROUND#` prefix).
 */
export async function openBlindRoundsOf(
  ctx: Context,
  workspaceId: string,
  userId: string,
): Promise<Round[]> {
  const rounds = await listByWorkspace(ctx, workspaceId);
  return rounds.filter((r) => r.status === "open" && r.blind && r.coderIds.includes(userId));
}
