import { randomBytes } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import type { Item } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { defaultCodebook } from "./defaults.ts";
import { codeItems, fromItem, nodeOf, toItem } from "./item.ts";
import { migrateLegacyCodes } from "./migrate.ts";
import { confirmMove } from "./move.ts";
import { renumberSiblings } from "./renumber.ts";
import { repairCycles } from "./repair.ts";
import { type CreateTagInput, MAX_DEPTH, type Tag, type UpdateTagInput } from "./schema.ts";
import { buildTree, needsRenumber, rankAt, type Tree, type TreeNode } from "./tree.ts";

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

/** A stored code as the tree sees it; items from before the tree have no parent. */
export interface StoredTag extends TreeNode {
  /** The item as read: history's conditional writes take it whole. */
  item: Item;
}

export function toStored(item: Item): StoredTag {
  return { ...nodeOf(item), item };
}

function toTag(stored: StoredTag, tree: Tree<StoredTag>): Tag {
  const item = fromItem(stored.item);
  const parentId = tree.idPath(stored.id).at(-2) ?? null;
  const siblings = tree.children.get(parentId) ?? [];
  return {
    id: stored.id,
    label: stored.label,
    color: item.color,
    description: item.description,
    parentId,
    position: Math.max(
      0,
      siblings.findIndex((s) => s.id === stored.id),
    ),
    path: tree.labelPath(stored.id),
    mergingInto: item.mergingInto,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

/** The stored codes of a workspace as a tree; codes from before the tree are migrated first. */
export async function loadTree(ctx: Context, workspaceId: string): Promise<Tree<StoredTag>> {
  let items = await codeItems(ctx, workspaceId);
  if (items.some((item) => typeof item.rank !== "number")) {
    await migrateLegacyCodes(ctx, workspaceId, items);
    items = await codeItems(ctx, workspaceId);
  }
  // A loop of parents (racing moves whose mover crashed before its check) is broken here, once
  // per read; the tree shows any loop still left at the top level, so every code stays reachable.
  if (await repairCycles(ctx, items)) items = await codeItems(ctx, workspaceId);
  return buildTree(items.map(toStored));
}

/** Codes of a workspace in tree order (depth first, siblings in their order). */
export async function list(ctx: Context, workspaceId: string): Promise<Tag[]> {
  const tree = await loadTree(ctx, workspaceId);
  return tree.ordered().map((t) => toTag(t, tree));
}

/** One code by id; not_found when absent. */
export async function get(ctx: Context, workspaceId: string, tagId: string): Promise<Tag> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.tag(workspaceId, tagId) }),
  );
  if (!result.Item) throw notFound(tagId);
  const tree = await loadTree(ctx, workspaceId);
  const stored = tree.byId.get(tagId);
  if (!stored) throw notFound(tagId);
  return toTag(stored, tree);
}

/** Refuses a parent that is missing, the code itself or below it, or too deep for its subtree. */
export function checkPlacement(
  tree: Tree<StoredTag>,
  tagId: string | null,
  parentId: string | null,
): void {
  if (parentId === null) return;
  if (!tree.byId.has(parentId)) {
    throw new GlossError("invalid", "tag.unknown_parent", `no code "${parentId}" to nest under`);
  }
  if (tagId && tree.idPath(parentId).includes(tagId)) {
    throw new GlossError(
      "invalid",
      "tag.cycle",
      `"${parentId}" is "${tagId}" or below it; a code cannot be nested inside itself`,
    );
  }
  const height = tagId && tree.byId.has(tagId) ? tree.height(tagId) : 1;
  if (tree.depth(parentId) + height > MAX_DEPTH) {
    throw new GlossError(
      "invalid",
      "tag.too_deep",
      `the codebook is at most ${MAX_DEPTH} levels deep; this would make it ${tree.depth(parentId) + height}`,
    );
  }
}

/** Adds a code; conflict when the id is taken. */
export async function create(
  ctx: Context,
  workspaceId: string,
  input: CreateTagInput,
): Promise<Tag> {
  const now = ctx.now().toISOString();
  const id = input.id ?? slugify(input.label);
  const tree = await loadTree(ctx, workspaceId);
  const parentId = input.parentId ?? null;
  checkPlacement(tree, null, parentId);
  const siblings = tree.children.get(parentId) ?? [];
  const item = toItem(workspaceId, {
    id,
    label: input.label,
    color: input.color ?? PALETTE[tree.byId.size % PALETTE.length]!,
    description: input.description ?? "",
    parentId,
    rank: rankAt(siblings, siblings.length),
    createdAt: now,
    updatedAt: now,
  });
  // A taken id is refused before anything is written, so a refused create records nothing.
  const created = tree.byId.has(id)
    ? { ok: false }
    : await History.createItem(ctx, {
        kind: "code",
        item,
      });
  if (!created.ok) {
    throw new GlossError("conflict", "tag.exists", `a code with id "${id}" already exists`);
  }
  return get(ctx, workspaceId, id);
}

/** Seeds the default codebook into a new workspace (idempotent: existing codes are kept). */
export async function seedDefaults(ctx: Context, workspaceId: string): Promise<void> {
  const now = ctx.now().toISOString();
  const existing = new Set((await loadTree(ctx, workspaceId)).byId.keys());
  const missing = defaultCodebook
    .map((t, i) => ({ ...t, rank: (i + 1) * 1024 }))
    .filter((t) => !existing.has(t.id));
  if (missing.length === 0) return;
  await batchWrite(
    ctx,
    missing.map((t) => ({
      PutRequest: { Item: toItem(workspaceId, { ...t, createdAt: now, updatedAt: now }) },
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
  const item = await readItem(ctx, workspaceId, tagId);
  const set: Record<string, unknown> = { updatedAt: ctx.now().toISOString() };
  for (const field of ["label", "color", "description"] as const) {
    if (input[field] !== undefined) set[field] = input[field];
  }
  const moving = input.parentId !== undefined || input.position !== undefined;
  const current = item.version === input.version;
  if (moving) Object.assign(set, await placeFor(ctx, workspaceId, tagId, input, current));
  const changed = current
    ? await History.changeItem(ctx, {
        kind: "code",
        item,
        set,
        action: moving ? "move" : "update",
      })
    : null;
  if (changed?.ok) {
    if (!moving) return get(ctx, workspaceId, tagId);
    const checked = await confirmMove(ctx, workspaceId, tagId, {
      version: input.version + 1,
      before: item,
    });
    if (checked !== "undone") {
      const tree = buildTree(checked.kept.map(toStored));
      const stored = tree.byId.get(tagId);
      if (stored) return toTag(stored, tree);
    }
    throw new GlossError(
      "conflict",
      "tag.move_conflict",
      "another move changed the tree at the same time, and together they would have nested a code inside itself (or too deep); this move was undone, so read the codebook again and retry",
      { current: await get(ctx, workspaceId, tagId) },
    );
  }
  // Read the current state rather than rely on ReturnValuesOnConditionCheckFailure, which the
  // embedded DynamoDB ignores.
  throw new GlossError("conflict", "tag.version_conflict", "the code was changed by someone else", {
    current: await get(ctx, workspaceId, tagId),
  });
}

/**
 * Where a move puts a code: its parent and a rank between its new neighbours, checked against the
 * tree as it stands. A gap too narrow to halve again has its siblings renumbered first (only for
 * a write that will be tried: a stale version gets its 409 without touching the siblings).
 */
async function placeFor(
  ctx: Context,
  workspaceId: string,
  tagId: string,
  input: UpdateTagInput,
  mayRenumber: boolean,
): Promise<{ parentId: string | null; rank: number }> {
  // Two tries: a renumbering cut short by a sibling changed meanwhile is read again once.
  for (let attempt = 0; ; attempt++) {
    const tree = await loadTree(ctx, workspaceId);
    const parentId =
      input.parentId !== undefined ? input.parentId : (tree.idPath(tagId).at(-2) ?? null);
    checkPlacement(tree, tagId, parentId);
    const children = tree.children.get(parentId) ?? [];
    const siblings = children.filter((s) => s.id !== tagId);
    const position = input.position ?? siblings.length;
    if (!mayRenumber || !needsRenumber(siblings, position)) {
      return { parentId, rank: rankAt(siblings, position) };
    }
    if (attempt > 0) break;
    await renumberSiblings(ctx, workspaceId, children);
  }
  throw new GlossError(
    "conflict",
    "tag.version_conflict",
    "the codes around this place were changed by someone else; read the codebook again and retry",
  );
}

/** Deletes a code item. Callers decide first what happens to annotations that use it. */
export async function remove(ctx: Context, workspaceId: string, tagId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await readItem(ctx, workspaceId, tagId);
    if ((await History.deleteItem(ctx, { kind: "code", item })).ok) return;
  }
  throw new GlossError("conflict", "tag.version_conflict", "the code was changed by someone else");
}

/** A code's stored item, read consistently (the version a write is conditional on), or a 404. */
async function readItem(ctx: Context, workspaceId: string, tagId: string) {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.tag(workspaceId, tagId),
      ConsistentRead: true,
    }),
  );
  if (!result.Item) throw notFound(tagId);
  return result.Item;
}

function notFound(tagId: string) {
  return new GlossError("not_found", "tag.not_found", `no code "${tagId}" in this workspace`);
}
