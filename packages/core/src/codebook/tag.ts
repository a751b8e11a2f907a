import { randomBytes } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
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
  // A taken id is refused before anything is written, so a refused create records nothing.
  const created = existing.some((t) => t.id === id)
    ? { ok: false }
    : await History.createItem(ctx, {
        kind: "code",
        item: { ...keys.tag(workspaceId, id), type: "tag", workspaceId, ...tag },
      });
  if (!created.ok) {
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
  const item = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.tag(workspaceId, tagId),
      ConsistentRead: true,
    }),
  );
  if (!item.Item) throw notFound(tagId);
  const set: Record<string, unknown> = { updatedAt: ctx.now().toISOString() };
  for (const field of ["label", "color", "description"] as const) {
    if (input[field] !== undefined) set[field] = input[field];
  }
  const changed =
    item.Item.version === input.version
      ? await History.changeItem(ctx, { kind: "code", item: item.Item, set, action: "update" })
      : null;
  if (changed?.ok) return toTag(changed.attributes ?? {});
  // Read the current state rather than rely on ReturnValuesOnConditionCheckFailure, which the
  // embedded DynamoDB ignores.
  const current = await get(ctx, workspaceId, tagId);
  throw new GlossError("conflict", "tag.version_conflict", "the code was changed by someone else", {
    current,
  });
}

/** Deletes a code item. Callers decide first what happens to annotations that use it. */
export async function remove(ctx: Context, workspaceId: string, tagId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await ctx.db.send(
      new GetCommand({
        TableName: ctx.table,
        Key: keys.tag(workspaceId, tagId),
        ConsistentRead: true,
      }),
    );
    if (!item.Item) throw notFound(tagId);
    if ((await History.deleteItem(ctx, { kind: "code", item: item.Item })).ok) return;
  }
  throw new GlossError("conflict", "tag.version_conflict", "the code was changed by someone else");
}

function notFound(tagId: string) {
  return new GlossError("not_found", "tag.not_found", `no code "${tagId}" in this workspace`);
}
