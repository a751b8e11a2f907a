import {
  type NativeAttributeValue,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { GlossError } from "../error/index.ts";

export interface PageOptions {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

type Key = Record<string, string>;

/** An opaque cursor: the base64url JSON of the key after which the next page starts. */
function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/**
 * Decodes a cursor and checks it belongs to this query: exactly the key attributes of the index
 * and the same partition. DynamoDB would otherwise answer a foreign key with a 400 of its own,
 * or worse, start reading somewhere the caller was never meant to see.
 */
function decodeCursor(cursor: string, keyAttributes: string[], partition: [string, string]): Key {
  const invalid = () =>
    new GlossError("malformed", "request.invalid_cursor", "cursor is not one this list returned");
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof key !== "object" || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  const decoded: Key = {};
  for (const [name, value] of entries) {
    if (!keyAttributes.includes(name) || typeof value !== "string") throw invalid();
    decoded[name] = value;
  }
  if (entries.length !== keyAttributes.length || decoded[partition[0]] !== partition[1]) {
    throw invalid();
  }
  return decoded;
}

export interface QueryPageInput {
  index?: "gsi1" | "gsi2";
  /** Partition attribute and value, e.g. ["pk", "WS#ws_…"]. */
  partition: [string, string];
  /** Sort attribute and the prefix it must begin with. */
  beginsWith?: [string, string];
  newestFirst?: boolean;
  /** Keep only items for which this returns true (applied after reading, across pages). */
  keep?: (item: Record<string, NativeAttributeValue>) => boolean;
  /** A strongly consistent read (base table only): sees every write acknowledged before it. */
  consistent?: boolean;
}

const KEY_ATTRIBUTES = {
  table: ["pk", "sk"],
  gsi1: ["pk", "sk", "gsi1pk", "gsi1sk"],
  gsi2: ["pk", "sk", "gsi2pk", "gsi2sk"],
} as const;

/**
 * One page of a Query. With `keep`, reads on until `limit` items pass or the partition ends; the
 * cursor is the key of the last item returned, so no item is skipped or repeated.
 */
export async function queryPage(
  ctx: Context,
  input: QueryPageInput,
  options: PageOptions,
): Promise<Page<Record<string, NativeAttributeValue>>> {
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const keyAttributes = [...KEY_ATTRIBUTES[input.index ?? "table"]];
  let startKey: Record<string, NativeAttributeValue> | undefined = options.cursor
    ? decodeCursor(options.cursor, keyAttributes, input.partition)
    : undefined;
  const items: Array<Record<string, NativeAttributeValue>> = [];
  const [pkName, pkValue] = input.partition;
  const names: Record<string, string> = { "#pk": pkName };
  const values: Record<string, NativeAttributeValue> = { ":pk": pkValue };
  let condition = "#pk = :pk";
  if (input.beginsWith) {
    names["#sk"] = input.beginsWith[0];
    values[":prefix"] = input.beginsWith[1];
    condition += " AND begins_with(#sk, :prefix)";
  }
  // Read until one item more than asked for passes: then the page knows exactly whether another
  // follows, and the last page never hands out a cursor to an empty page.
  while (true) {
    const params: QueryCommandInput = {
      TableName: ctx.table,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !input.newestFirst,
      // With a filter, read in larger steps: most items read may be dropped.
      Limit: input.keep ? Math.max(limit + 1, 100) : limit + 1 - items.length,
      ...(input.index ? { IndexName: input.index } : {}),
      ...(input.consistent ? { ConsistentRead: true } : {}),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const result = await ctx.db.send(new QueryCommand(params));
    for (const item of result.Items ?? []) {
      if (!input.keep || input.keep(item)) items.push(item);
    }
    startKey = result.LastEvaluatedKey;
    if (items.length > limit || !startKey) break;
  }
  const pageItems = items.slice(0, limit);
  const last = pageItems[pageItems.length - 1];
  const nextCursor =
    items.length > limit && last
      ? encodeCursor(Object.fromEntries(keyAttributes.map((name) => [name, String(last[name])])))
      : null;
  return { items: pageItems, nextCursor };
}

/**
 * Every item of a paged list, following its cursors, `MAX_PAGE_SIZE` at a time; for bounded
 * internal reads (a document's annotations, a workspace's documents), never for client lists.
 */
export async function allPages<T>(list: (options: PageOptions) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ cursor, limit: MAX_PAGE_SIZE });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Every item of a Query, following pages; for bounded internal reads such as a codebook. */
export async function queryAll(
  ctx: Context,
  input: QueryPageInput,
): Promise<Array<Record<string, NativeAttributeValue>>> {
  return allPages((options) => queryPage(ctx, input, options));
}
