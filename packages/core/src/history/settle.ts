/**
 * Landing an entry's write and settling it: `apply` executes the write under its condition,
 * `landed` tells from the stored item whether it is in, and `settle` rolls a pending entry
 * forward (a put only after its lease) or marks it void. Contract: idempotent; an entry settles
 * to `applied` or `not_applied` (or `pending` while a put's writer may still be at work).
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { updateIf, writeIf } from "../db/conditional.ts";
import { optNum } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import { changeExpression, updateVersioned } from "../db/versioned.ts";
import { runEffects } from "./effects.ts";
import { getTarget, markVoid, snapshotOf } from "./entry.ts";
import type { StoredEntry } from "./item.ts";
import type { HistoryStatus, Snapshot } from "./schema.ts";

/**
 * A put (create, restore) may only be completed by someone else once its own writer must be
 * gone: longer than a request's worst case (three 5 s attempts per storage call) so a slow writer
 * and a roll-forward never both create, and a create never lands after a later delete.
 */
export const PUT_LEASE_MS = 30_000;

const expectCondition = (expect: number | null) =>
  expect === null
    ? "attribute_exists(pk) AND attribute_not_exists(version)"
    : "attribute_exists(pk) AND version = :expect";

/**
 * Executes an entry's write under its condition; false when the condition failed. Exported for
 * the bulk write, which lands the updates it recorded itself.
 */
export async function apply(
  ctx: Context,
  entry: StoredEntry,
): Promise<{ ok: boolean; attributes: Record<string, unknown> | null }> {
  const write = entry.write;
  if (write.op === "none") return { ok: true, attributes: null };
  if (write.op === "put") {
    const ok = await writeIf(
      ctx,
      new PutCommand({
        TableName: ctx.table,
        Item: write.item,
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return { ok, attributes: ok ? write.item : null };
  }
  const values: Record<string, unknown> = write.expect === null ? {} : { ":expect": write.expect };
  if (write.op === "delete") {
    const ok = await writeIf(
      ctx,
      new DeleteCommand({
        TableName: ctx.table,
        Key: write.key,
        ConditionExpression: expectCondition(write.expect),
        ...(write.expect === null ? {} : { ExpressionAttributeValues: values }),
      }),
    );
    return { ok, attributes: null };
  }
  if (write.expect !== null && entry.version === write.expect + 1) {
    // The usual change: from the version it was read at to the next one.
    const change = { set: write.set, ...(write.remove ? { remove: write.remove } : {}) };
    const attributes = await updateVersioned(ctx, write.key, change, {
      expectVersion: write.expect,
    });
    return { ok: attributes !== null, attributes };
  }
  // Not a step from one version to the next (an item without a version yet, such as a link made
  // before history, gets the entry's), so not one `updateVersioned` makes.
  const names: Record<string, string> = { "#version": "version" };
  values[":version"] = entry.version;
  const result = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: write.key,
      UpdateExpression: changeExpression("#version = :version", write, names, values),
      ConditionExpression: expectCondition(write.expect).replace("version", "#version"),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: "ALL_NEW",
    }),
  );
  return result
    ? { ok: true, attributes: result.Attributes ?? null }
    : { ok: false, attributes: null };
}

/** Key-order-independent JSON, to compare two stored states. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether two states are the same, ignoring what other writers add beside a created item without
 * a version (a document's counts after a passage is restored, its search-pack pointer).
 */
function sameState(stored: Snapshot, written: Snapshot): boolean {
  const { annotationCount: _a, tagCounts: _t, searchPack: _p, ...rest } = stored;
  const { annotationCount: _wa, tagCounts: _wt, searchPack: _wp, ...wanted } = written;
  return canonical(rest) === canonical(wanted);
}

/**
 * Whether an entry's write is in the stored item (`item`, null when absent). Versions only grow,
 * and an entity's next entry is only written once this one landed, so a later version means it
 * did. A put is judged by its caller when the item is gone (a later delete, or a crash).
 */
export function landed(entry: StoredEntry, item: Record<string, unknown> | null): boolean {
  const version = item ? (optNum(item.version, "version") ?? null) : null;
  switch (entry.write.op) {
    case "none":
      return true;
    case "put":
      // At the entry's version only if it is this very item: a put refused because another item
      // already held the key (a code id taken, a default code seeded without history) did not land.
      return (
        item !== null &&
        version !== null &&
        (version > entry.version ||
          (version === entry.version && sameState(snapshotOf(item), snapshotOf(entry.write.item))))
      );
    case "update":
      return item === null || (version !== null && version >= entry.version);
    case "delete":
      return item === null || (version ?? 0) > (entry.write.expect ?? 0);
  }
}

/**
 * Brings the newest entry of an entity to a final state: rolls its write forward when it is
 * pending (a put only after its lease), and says what the entry's status now is.
 */
export async function settle(ctx: Context, entry: StoredEntry): Promise<HistoryStatus> {
  const isVoid = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.historyVoid(entry.workspaceId, entry.entity, entry.version),
    }),
  );
  if (isVoid.Item) return "not_applied";
  const item = await getTarget(ctx, entry.write);
  if (landed(entry, item)) return "applied";
  if (entry.write.op === "put" && ctx.now().getTime() - Date.parse(entry.at) < PUT_LEASE_MS) {
    return "pending";
  }
  const applied = await apply(ctx, entry);
  if (applied.ok) {
    await runEffects(ctx, entry);
    return "applied";
  }
  if (landed(entry, await getTarget(ctx, entry.write))) return "applied";
  await markVoid(ctx, entry);
  return "not_applied";
}
