import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { slugify } from "../codebook/tag.ts";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { writeIf } from "../db/conditional.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { updateVersioned } from "../db/versioned.ts";
import { GlossError } from "../error/index.ts";
import { fromItem, toItem } from "./item.ts";
import type { Attribute, CreateAttributeInput, UpdateAttributeInput } from "./schema.ts";
import { STARTER_ATTRIBUTES } from "./starter.ts";

/** Most attributes a workspace may define: every export carries a column per attribute. */
export const MAX_ATTRIBUTES = 100;

/** Attribute definitions of a workspace, by id. */
export async function list(ctx: Context, workspaceId: string): Promise<Attribute[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.attribute],
  });
  return items.map(fromItem);
}

/** One attribute by id; not_found when absent. */
export async function get(ctx: Context, workspaceId: string, id: string): Promise<Attribute> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.attribute(workspaceId, id) }),
  );
  if (!result.Item) throw notFound(id);
  return fromItem(result.Item);
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

function duplicateName(name: string) {
  return new GlossError(
    "conflict",
    "attribute.exists",
    `an attribute named "${name}" already exists`,
  );
}

/** Choice and choices attributes need choices; the others take none. */
function checkChoices(type: Attribute["type"], choices: string[] | undefined): string[] {
  const takesChoices = type === "choice" || type === "choices";
  if (takesChoices && !choices?.length) {
    throw new GlossError(
      "invalid",
      "attribute.choices_required",
      `a ${type} attribute needs a non-empty list of choices`,
    );
  }
  if (!takesChoices && choices?.length) {
    throw new GlossError(
      "invalid",
      "attribute.choices_not_allowed",
      `a ${type} attribute takes no choices`,
    );
  }
  return choices ?? [];
}

/** Defines an attribute; conflict when its id or (case-insensitive) name is taken. */
export async function create(
  ctx: Context,
  workspaceId: string,
  input: CreateAttributeInput,
): Promise<Attribute> {
  const choices = checkChoices(input.type, input.choices);
  const existing = await list(ctx, workspaceId);
  if (existing.some((a) => sameName(a.name, input.name))) throw duplicateName(input.name);
  if (existing.length >= MAX_ATTRIBUTES) {
    throw new GlossError(
      "conflict",
      "attribute.too_many",
      `a workspace has at most ${MAX_ATTRIBUTES} attributes`,
    );
  }
  const now = ctx.now().toISOString();
  const attribute: Attribute = {
    id: input.id ?? slugify(input.name),
    name: input.name,
    description: input.description ?? "",
    type: input.type,
    choices,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const created = await writeIf(
    ctx,
    new PutCommand({
      TableName: ctx.table,
      Item: toItem(workspaceId, attribute),
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  if (!created) {
    throw new GlossError(
      "conflict",
      "attribute.exists",
      `an attribute with id "${attribute.id}" already exists`,
    );
  }
  return attribute;
}

/**
 * Renames, describes or re-lists the choices of an attribute (its id and type never change).
 * `inUse` are the choices documents hold; dropping one of them is refused.
 */
export async function update(
  ctx: Context,
  workspaceId: string,
  id: string,
  input: UpdateAttributeInput,
  inUse: ReadonlySet<string> = new Set(),
): Promise<Attribute> {
  const current = await get(ctx, workspaceId, id);
  if (input.name !== undefined && !sameName(input.name, current.name)) {
    const others = await list(ctx, workspaceId);
    if (others.some((a) => a.id !== id && sameName(a.name, input.name!)))
      throw duplicateName(input.name);
  }
  if (input.choices !== undefined) {
    checkChoices(current.type, input.choices);
    const kept = new Set(input.choices.map((c) => c.toLocaleLowerCase()));
    const dropped = [...inUse].filter((c) => !kept.has(c.toLocaleLowerCase()));
    if (dropped.length) {
      throw new GlossError(
        "conflict",
        "attribute.choice_in_use",
        `documents use ${dropped.map((c) => `"${c}"`).join(", ")}; change their values first`,
      );
    }
  }
  const set: Record<string, unknown> = { updatedAt: ctx.now().toISOString() };
  for (const field of ["name", "description", "choices"] as const) {
    if (input[field] !== undefined) set[field] = input[field];
  }
  const updated = await updateVersioned(
    ctx,
    keys.attribute(workspaceId, id),
    { set },
    { expectVersion: input.version },
  );
  if (updated) return fromItem(updated);
  const latest = await get(ctx, workspaceId, id);
  throw new GlossError(
    "conflict",
    "attribute.version_conflict",
    `the attribute is at version ${latest.version}, not ${input.version}; reload and try again`,
    { current: latest },
  );
}

/** Deletes an attribute's definition. Callers decide first what happens to documents' values. */
export async function remove(ctx: Context, workspaceId: string, id: string): Promise<void> {
  const removed = await writeIf(
    ctx,
    new DeleteCommand({
      TableName: ctx.table,
      Key: keys.attribute(workspaceId, id),
      ConditionExpression: "attribute_exists(pk)",
    }),
  );
  if (!removed) throw notFound(id);
}

/**
 * Adds the starter attributes (country, source type, publication year) a workspace does not have
 * yet, by id or name; idempotent. Returns the workspace's attributes afterwards.
 */
export async function addStarterSet(ctx: Context, workspaceId: string): Promise<Attribute[]> {
  const existing = await list(ctx, workspaceId);
  const now = ctx.now().toISOString();
  const missing = STARTER_ATTRIBUTES.filter(
    (s) => !existing.some((a) => a.id === s.id || sameName(a.name, s.name)),
  ).map((s): Attribute => ({ ...s, createdAt: now, updatedAt: now, version: 1 }));
  if (missing.length) {
    await batchWrite(
      ctx,
      missing.map((a) => ({ PutRequest: { Item: toItem(workspaceId, a) } })),
    );
  }
  return [...existing, ...missing].sort((a, b) => a.id.localeCompare(b.id));
}

function notFound(id: string) {
  return new GlossError(
    "not_found",
    "attribute.not_found",
    `no attribute "${id}" in this workspace`,
  );
}
