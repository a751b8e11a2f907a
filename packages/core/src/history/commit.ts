import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { updateIf, writeIf } from "../db/conditional.ts";
import { type Item, keyOf, optNum, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import { updateVersioned } from "../db/versioned.ts";
import { fromItem, type StoredEntry, toItem } from "./item.ts";
import type { HistoryKind, HistoryStatus, HistoryWrite, Snapshot } from "./schema.ts";

export type { StoredEntry } from "./item.ts";

import { noteActivity } from "./sweep.ts";

/**
 * Writing a change with its history, without transactions (the embedded DynamoDB has none):
 *
 * 1. the entry is put first, keyed by (entity, the version the change makes) and conditional on
 *    that key not existing, so no entry is ever overwritten and two writers of the same version
 *    cannot both record it;
 * 2. then the entity's write, which the entry carries in full, conditional on the entity still
 *    being at the version before the change (`expect`), or absent for a put.
 *
 * A crash between 1 and 2 leaves an entry whose write is missing, never a change without an
 * entry. Whoever touches the entity next completes it: a writer of the same version finds the key
 * taken and rolls the entry forward before answering 409; a history read rolls forward the
 * newest entry it finds pending. A write refused by its own condition (the entity moved on
 * through a path that records nothing) gets a `#VOID` marker beside the entry (the entry itself
 * is never touched), so it reads as not applied.
 */

/** Attributes that place an item in the table or an index; a snapshot leaves them out. */
const KEY_ATTRIBUTES = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"]);

/** A stored item as a snapshot: every attribute except its keys. */
export function snapshotOf(item: Item): Snapshot {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)));
}

/** The entity string of history keys: `annotation:ann_…`, `code:forced-labour`. */
export const entityOf = (kind: HistoryKind, id: string) => `${kind}:${id}`;

/**
 * A put (create, restore) may only be completed by someone else once its own writer must be
 * gone: longer than a request's worst case (three 5 s attempts per storage call) so a slow writer
 * and a roll-forward never both create, and a create never lands after a later delete.
 */
export const PUT_LEASE_MS = 30_000;

export interface Change {
  workspaceId: string;
  kind: HistoryKind;
  entityId: string;
  /** The entity's version after the change: the entry's key. */
  version: number;
  action: string;
  cause?: string | null;
  documentId?: string | null;
  before: Snapshot | null;
  after: Snapshot | null;
  related?: Snapshot | null;
  write: HistoryWrite;
  /** Who, when the context names no actor (background work). */
  by?: string;
}

export type CommitResult =
  | { ok: true; attributes: Record<string, unknown> | null; entry: StoredEntry }
  | { ok: false; reason: "taken" | "refused" };

/** What follows a landed write of a kind (counts, links of a deleted passage), run once by whoever landed it. */
type Effect = (ctx: Context, entry: StoredEntry) => Promise<void>;
const effects = new Map<HistoryKind, Effect>();

/** Registers the follow-up of a kind's writes; the kind's module calls it when loaded. */
export function onApplied(kind: HistoryKind, effect: Effect): void {
  effects.set(kind, effect);
}

async function runEffects(ctx: Context, entry: StoredEntry): Promise<void> {
  await effects.get(entry.kind)?.(ctx, entry);
}

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

/**
 * Records a change and then makes it (see the top of this file). `ok: false` with `taken`: the
 * version was already recorded by someone else (rolled forward now); `refused`: the entity was
 * not in the expected state, nothing changed, and the entry reads as not applied.
 */
export async function commit(ctx: Context, change: Change): Promise<CommitResult> {
  const entry: StoredEntry = {
    workspaceId: change.workspaceId,
    entity: entityOf(change.kind, change.entityId),
    kind: change.kind,
    entityId: change.entityId,
    version: change.version,
    action: change.action,
    cause: change.cause ?? null,
    at: ctx.now().toISOString(),
    by: ctx.actor?.userId ?? change.by ?? "system",
    requestId: ctx.actor?.requestId ?? null,
    documentId: change.documentId ?? null,
    before: change.before,
    after: change.after,
    related: change.related ?? null,
    write: change.write,
  };
  // Before the entry: the background sweep finds pending entries through it (sweep.ts).
  await noteActivity(ctx, entry.workspaceId);
  const recorded = await putEntry(ctx, entry);
  if (!recorded) {
    const existing = await getEntry(ctx, entry.workspaceId, entry.entity, entry.version);
    if (existing) await settle(ctx, existing);
    return { ok: false, reason: "taken" };
  }
  const applied = await apply(ctx, entry);
  if (applied.ok) {
    await runEffects(ctx, entry);
    return { ok: true, attributes: applied.attributes, entry };
  }
  // Refused: unless someone rolled this very entry forward meanwhile, it changed nothing.
  const item = await getTarget(ctx, entry.write);
  if (landed(entry, item)) return { ok: true, attributes: item, entry };
  await markVoid(ctx, entry);
  return { ok: false, reason: "refused" };
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

async function getTarget(
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

async function markVoid(ctx: Context, entry: StoredEntry): Promise<void> {
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
  const sets = ["#version = :version"];
  values[":version"] = entry.version;
  Object.entries(write.set).forEach(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const removes = (write.remove ?? []).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const result = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: write.key,
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
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
 * a version (a document's counts after a passage is restored).
 */
function sameState(stored: Snapshot, written: Snapshot): boolean {
  const { annotationCount: _a, tagCounts: _t, ...rest } = stored;
  const { annotationCount: _wa, tagCounts: _wt, ...wanted } = written;
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

/**
 * The one-call hook for a recorded change of some fields of a stored item, from the version it
 * has to the next (codebook rename, document metadata; code-tree's move and merge call it with
 * the code's item and `{ parentId, position }`). `item` is the stored item as read, keys
 * included; the change lands only if the item is still at that version.
 */
export async function changeItem(
  ctx: Context,
  input: {
    kind: HistoryKind;
    item: Item;
    set: Snapshot;
    remove?: string[];
    action: string;
    cause?: string | null;
    documentId?: string | null;
  },
): Promise<CommitResult> {
  const { item } = input;
  const version = optNum(item.version, "version") ?? null;
  const next = (version ?? 0) + 1;
  const after: Snapshot = { ...snapshotOf(item), ...input.set, version: next };
  for (const name of input.remove ?? []) delete after[name];
  return commit(ctx, {
    workspaceId: str(item.workspaceId, "workspaceId"),
    kind: input.kind,
    entityId: str(item.id, "id"),
    version: next,
    action: input.action,
    cause: input.cause ?? null,
    documentId: input.documentId ?? null,
    before: snapshotOf(item),
    after,
    write: {
      op: "update",
      key: keyOf(item),
      set: input.set,
      ...(input.remove?.length ? { remove: input.remove } : {}),
      expect: version,
    },
  });
}

/** The one-call hook for a recorded delete of a stored item (keys included) at its version. */
export async function deleteItem(
  ctx: Context,
  input: {
    kind: HistoryKind;
    item: Item;
    related?: Snapshot | null;
    cause?: string | null;
    documentId?: string | null;
  },
): Promise<CommitResult> {
  const { item } = input;
  const version = optNum(item.version, "version") ?? null;
  return commit(ctx, {
    workspaceId: str(item.workspaceId, "workspaceId"),
    kind: input.kind,
    entityId: str(item.id, "id"),
    version: (version ?? 0) + 1,
    action: "delete",
    cause: input.cause ?? null,
    documentId: input.documentId ?? null,
    before: snapshotOf(item),
    after: null,
    related: input.related ?? null,
    write: { op: "delete", key: keyOf(item), expect: version },
  });
}

/** The one-call hook for a recorded create: the entry, then the item (absent until now). */
export async function createItem(
  ctx: Context,
  input: {
    kind: HistoryKind;
    item: Item;
    documentId?: string | null;
    by?: string;
  },
): Promise<CommitResult> {
  const { item } = input;
  return commit(ctx, {
    workspaceId: str(item.workspaceId, "workspaceId"),
    kind: input.kind,
    entityId: str(item.id, "id"),
    version: optNum(item.version, "version") ?? 1,
    action: "create",
    documentId: input.documentId ?? null,
    before: null,
    after: snapshotOf(item),
    write: { op: "put", item },
    ...(input.by ? { by: input.by } : {}),
  });
}
