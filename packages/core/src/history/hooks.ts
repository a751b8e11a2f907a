/**
 * The one-call hooks the domain modules record their writes through: a change of some fields, a
 * delete, a create of a stored item (keys included), each made into a `Change` for `commit`.
 * Contract: the change lands only if the item is still at the version it was read at (absent,
 * for a create).
 */
import type { Context } from "../context/index.ts";
import { type Item, keyOf, optNum, str } from "../db/fields.ts";
import { type CommitResult, commit } from "./commit.ts";
import { snapshotOf } from "./entry.ts";
import type { HistoryKind, Snapshot } from "./schema.ts";

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
