import { randomBytes } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { writeIf } from "../db/conditional.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import { defaultCodebook } from "./defaults.ts";
import type { CreateTagInput, Tag, UpdateTagInput } from "./schema.ts";

/** Colours handed to new codes without one, in turn; distinct from each other and from text. */
const PALETTE = [
  "#e8590c",
  "#2f9e44",
  "#1971c2",
  "#9c36b5",
  "#f08c00",
  "#0b7285",
  "#c2255c",
  "#5f3dc4",
];

/** A slug for a label: "Forced labour" → "forced-labour"; non-Latin labels get a random slug. */
export function slugify(label: string): string {
  const slug = label
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return slug || `code-${randomBytes(4).toString("hex")}`;
}

function toTag(item: Record<string, unknown>): Tag {
  return {
    id: item.id as string,
    label: item.label as string,
    color: item.color as string,
    description: (item.description as string) ?? "",
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

/** Codes of a workspace, by id. */
export async function list(ctx: Context, workspaceId: string): Promise<Tag[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.tag],
  });
  return items.map(toTag);
}

/** One code by id; not_found when absent. */
export async function get(ctx: Context, workspaceId: string, tagId: string): Promise<Tag> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.tag(workspaceId, tagId) }),
  );
  if (!result.Item) throw notFound(tagId);
  return toTag(result.Item);
}

/** Adds a code; conflict when the id is taken. */
export async function create(
  ctx: Context,
  workspaceId: string,
  input: CreateTagInput,
): Promise<Tag> {
  const now = ctx.now().toISOString();
  const id = input.id ?? slugify(input.label);
  const existing = await list(ctx, workspaceId);
  const tag: Tag = {
    id,
    label: input.label,
    color: input.color ?? PALETTE[existing.length % PALETTE.length]!,
    description: input.description ?? "",
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const created = await writeIf(
    ctx,
    new PutCommand({
      TableName: ctx.table,
      Item: { ...keys.tag(workspaceId, id), type: "tag", workspaceId, ...tag },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  if (!created) {
    throw new GlossError("conflict", "tag.exists", `a code with id "${id}" already exists`);
  }
  return tag;
}

/** Seeds the default codebook into a new workspace (idempotent: existing codes are kept). */
export async function seedDefaults(ctx: Context, workspaceId: string): Promise<void> {
  const now = ctx.now().toISOString();
  const existing = new Set((await list(ctx, workspaceId)).map((t) => t.id));
  const missing = defaultCodebook.filter((t) => !existing.has(t.id));
  if (missing.length === 0) return;
  await batchWrite(
    ctx,
    missing.map((t) => ({
      PutRequest: {
        Item: {
          ...keys.tag(workspaceId, t.id),
          type: "tag",
          workspaceId,
          ...t,
          createdAt: now,
          updatedAt: now,
          version: 1,
        },
      },
    })),
  );
}

/** Renames, recolours or describes a code; its id never changes. */
export async function update(
  ctx: Context,
  workspaceId: string,
  tagId: string,
  input: UpdateTagInput,
): Promise<Tag> {
  const sets: string[] = ["updatedAt = :now", "version = version + :one"];
  const values: Record<string, unknown> = { ":now": ctx.now().toISOString(), ":one": 1 };
  const names: Record<string, string> = {};
  for (const field of ["label", "color", "description"] as const) {
    if (input[field] !== undefined) {
      sets.push(`#${field} = :${field}`);
      names[`#${field}`] = field;
      values[`:${field}`] = input[field];
    }
  }
  const condition = "attribute_exists(pk) AND version = :version";
  values[":version"] = input.version;
  try {
    const result = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.tag(workspaceId, tagId),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ReturnValues: "ALL_NEW",
      }),
    );
    return toTag(result.Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Read the current state rather than rely on ReturnValuesOnConditionCheckFailure, which the
    // embedded DynamoDB ignores.
    const current = await get(ctx, workspaceId, tagId);
    throw new GlossError(
      "conflict",
      "tag.version_conflict",
      "the code was changed by someone else",
      {
        current,
      },
    );
  }
}

/** Deletes a code item. Callers decide first what happens to annotations that use it. */
export async function remove(ctx: Context, workspaceId: string, tagId: string): Promise<void> {
  const removed = await writeIf(
    ctx,
    new DeleteCommand({
      TableName: ctx.table,
      Key: keys.tag(workspaceId, tagId),
      ConditionExpression: "attribute_exists(pk)",
    }),
  );
  if (!removed) throw notFound(tagId);
}

function notFound(tagId: string) {
  return new GlossError("not_found", "tag.not_found", `no code "${tagId}" in this workspace`);
}
