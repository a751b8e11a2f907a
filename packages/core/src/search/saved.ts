import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { updateVersioned } from "../db/versioned.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import { parseQuery } from "./query.ts";
import { checkPattern } from "./regex.ts";
import {
  type CreateSavedQueryInput,
  SavedQuery,
  type UpdateSavedQueryInput,
} from "./saved-schema.ts";
import type { SearchFilters, SearchOptions } from "./search.ts";

/** A workspace keeps at most this many saved searches (one Query lists them all). */
export const MAX_SAVED_QUERIES = 500;

/** The stored item of a saved search (create and restore write it). */
export function toItem(query: SavedQuery) {
  return { ...keys.savedQuery(query.workspaceId, query.id), type: "savedQuery", ...query };
}

/** The saved search an item holds; the schema parses it, so a malformed item fails loudly. */
function fromItem(item: Record<string, unknown>): SavedQuery {
  return SavedQuery.parse({
    id: item.id,
    workspaceId: item.workspaceId,
    name: item.name,
    q: item.q,
    options: item.options,
    documentIds: item.documentIds ?? [],
    tags: item.tags ?? [],
    coded: item.coded ?? null,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  });
}

/** A query that cannot run is refused when saved (or restored), not when re-run weeks later. */
export function checkRunnable(q: string, options: { regex: boolean; word: boolean }): void {
  if (options.regex) {
    if (options.word) {
      throw new GlossError(
        "malformed",
        "search.options_conflict",
        "whole-word matching applies to the query language, not to a regular expression",
      );
    }
    checkPattern(q, "gmu");
  } else parseQuery(q);
}

/** The search a saved query runs, as the engine takes it. */
export function searchOf(query: SavedQuery): { options: SearchOptions; filters: SearchFilters } {
  return {
    options: {
      caseSensitive: query.options.case,
      wholeWord: query.options.word,
      regex: query.options.regex,
    },
    filters: {
      documentIds: query.documentIds.length ? query.documentIds : undefined,
      tags: query.tags.length ? query.tags : undefined,
      coded: query.coded ?? undefined,
    },
  };
}

// list and get read as attribute/attribute.ts's do: each entity states its own access patterns.
/** Saved searches of a workspace, oldest first (Query `WS#<id>`, `QRY#` prefix; ids sort by time). */
export async function list(ctx: Context, workspaceId: string): Promise<SavedQuery[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.savedQuery],
  });
  return items.map(fromItem);
}

/** One saved search (GetItem); not_found when absent. */
export async function get(ctx: Context, workspaceId: string, id: string): Promise<SavedQuery> {
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.savedQuery(workspaceId, id) }),
  );
  if (!result.Item) throw notFound(id);
  return fromItem(result.Item);
}

/** Saves a search under a name. */
export async function create(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: CreateSavedQueryInput,
): Promise<SavedQuery> {
  checkRunnable(input.q, input.options);
  if ((await list(ctx, workspaceId)).length >= MAX_SAVED_QUERIES) {
    throw new GlossError(
      "too_large",
      "query.too_many",
      `a workspace keeps at most ${MAX_SAVED_QUERIES} saved searches; delete some first`,
    );
  }
  const now = ctx.now();
  const query: SavedQuery = {
    id: newId("qry", now.getTime()),
    workspaceId,
    ...input,
    createdBy: userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: toItem(query),
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return query;
}

/** Renames or changes a saved search, only from the version the caller read (409 otherwise). */
export async function update(
  ctx: Context,
  workspaceId: string,
  id: string,
  input: UpdateSavedQueryInput,
): Promise<SavedQuery> {
  const current = await get(ctx, workspaceId, id);
  const { version, ...changes } = input;
  const next: SavedQuery = { ...current, ...changes };
  checkRunnable(next.q, next.options);
  const fields = ["name", "q", "options", "documentIds", "tags", "coded"] as const;
  const set: Record<string, unknown> = { updatedAt: ctx.now().toISOString() };
  for (const field of fields) {
    if (changes[field] !== undefined) set[field] = changes[field];
  }
  const updated = await updateVersioned(
    ctx,
    keys.savedQuery(workspaceId, id),
    { set },
    { expectVersion: version },
  );
  if (updated) return fromItem(updated);
  // The embedded DynamoDB ignores ReturnValuesOnConditionCheckFailure: read it again.
  const latest = await get(ctx, workspaceId, id);
  throw new GlossError(
    "conflict",
    "query.version_conflict",
    "the saved search was changed by someone else",
    { current: latest },
  );
}

/** Deletes a saved search; the annotations it coded stay. */
export async function remove(ctx: Context, workspaceId: string, id: string): Promise<void> {
  const removed = await writeIf(
    ctx,
    new DeleteCommand({
      TableName: ctx.table,
      Key: keys.savedQuery(workspaceId, id),
      ConditionExpression: "attribute_exists(pk)",
    }),
  );
  if (!removed) throw notFound(id);
}

function notFound(id: string) {
  return new GlossError(
    "not_found",
    "query.not_found",
    `no saved search "${id}" in this workspace`,
  );
}
