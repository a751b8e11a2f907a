/**
 * History entries in storage: an entry put only where none is (so none is ever overwritten), read
 * by (entity, version), and the `#VOID` marker a refused write gets beside its entry. Also the
 * pieces every entry is made of: the entity string, an item's snapshot, the item a write targets.
 * Contract: no function here changes an entry once written (see `commit.ts` for the protocol).
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { type Item, keyOf } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import { fromItem, type StoredEntry, toItem } from "./item.ts";
import type { HistoryKind, HistoryWrite, Snapshot } from "./schema.ts";

/** Attributes that place an item in the table or an index; a snapshot leaves them out. */
const KEY_ATTRIBUTES = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"]);

/** A stored item as a snapshot: every attribute except its keys. */
export function snapshotOf(item: Item): Snapshot {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)));
}

/** The entity string of history keys: `annotation:ann_…`, `code:forced-labour`. */
export const entityOf = (kind: HistoryKind, id: string) => `${kind}:${id}`;

/** The stored item an entry writes to. */
export function targetKey(write: HistoryWrite): { pk: string; sk: string } | null {
  if (write.op === "none") return null;
  return write.op === "put" ? keyOf(write.item) : write.key;
}

/**
 * Puts an entry unless its key is taken: the only way an entry is written, so none is ever
 * overwritten. False when the key holds an entry already (someone else's change, or a retry's).
 */
export function putEntry(ctx: Context, entry: StoredEntry): Promise<boolean> {
  return writeIf(
    ctx,
    new PutCommand({
      TableName: ctx.table,
      Item: toItem(entry),
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

/** The entry of (entity, version), or null (GetItem). */
export async function getEntry(
  ctx: Context,
  workspaceId: string,
  entity: string,
  version: number,
): Promise<StoredEntry | null> {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.historyEntry(workspaceId, entity, version),
      ConsistentRead: true,
    }),
  );
  return result.Item ? fromItem(result.Item) : null;
}

/** The stored item an entry writes to as it is now (consistent read), or null. */
export async function getTarget(
  ctx: Context,
  write: HistoryWrite,
): Promise<Record<string, unknown> | null> {
  const key = targetKey(write);
  if (!key) return null;
  const result = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: key, ConsistentRead: true }),
  );
  return result.Item ?? null;
}

/** Marks an entry whose write was refused as not applied (the entry itself is never touched). */
export async function markVoid(ctx: Context, entry: StoredEntry): Promise<void> {
  await writeIf(
    ctx,
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...keys.historyVoid(entry.workspaceId, entry.entity, entry.version),
        type: "history-void",
        at: ctx.now().toISOString(),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}
