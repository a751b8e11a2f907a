import {
  type Item,
  keyOf,
  num,
  oneOf,
  optNum,
  optRecord,
  optStr,
  optStrings,
  record,
  str,
} from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import { HistoryKind, type HistoryWrite, type Snapshot } from "./schema.ts";

/** An entry as stored, without its keys. */
export type StoredEntry = {
  workspaceId: string;
  entity: string;
  kind: HistoryKind;
  entityId: string;
  version: number;
  action: string;
  cause: string | null;
  at: string;
  by: string;
  requestId: string | null;
  documentId: string | null;
  before: Snapshot | null;
  after: Snapshot | null;
  related: Snapshot | null;
  write: HistoryWrite;
};

/**
 * A stored history entry item: keyed by (entity, version), indexed by time under its document
 * (GSI1, when it has one) and its workspace (GSI2).
 */
export type HistoryEntryItem = StoredEntry & {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk: string;
  gsi2sk: string;
  type: "history";
};

/** The stored item of an entry. */
export function toItem(entry: StoredEntry): HistoryEntryItem {
  return {
    ...keys.historyEntry(entry.workspaceId, entry.entity, entry.version),
    ...keys.historyIndex(entry),
    type: "history",
    ...entry,
  };
}

/** An entry from its stored item. */
export function fromItem(item: Item): StoredEntry {
  return {
    workspaceId: str(item.workspaceId, "workspaceId"),
    entity: str(item.entity, "entity"),
    kind: oneOf(item.kind, "kind", HistoryKind.options),
    entityId: str(item.entityId, "entityId"),
    version: num(item.version, "version"),
    action: str(item.action, "action"),
    cause: optStr(item.cause, "cause") ?? null,
    at: str(item.at, "at"),
    by: str(item.by, "by"),
    requestId: optStr(item.requestId, "requestId") ?? null,
    documentId: optStr(item.documentId, "documentId") ?? null,
    before: optRecord(item.before, "before") ?? null,
    after: optRecord(item.after, "after") ?? null,
    related: optRecord(item.related, "related") ?? null,
    write: writeOf(record(item.write, "write")),
  };
}

const OPS = ["put", "update", "delete", "none"] as const;

/** The write an entry carries, as stored. */
function writeOf(value: Item): HistoryWrite {
  const op = oneOf(value.op, "write.op", OPS);
  switch (op) {
    case "none":
      return { op };
    case "put":
      return { op, item: record(value.item, "write.item") };
    case "update": {
      const remove = optStrings(value.remove, "write.remove");
      return {
        op,
        key: keyOf(record(value.key, "write.key")),
        set: record(value.set, "write.set"),
        ...(remove ? { remove } : {}),
        expect: optNum(value.expect, "write.expect") ?? null,
      };
    }
    case "delete":
      return {
        op,
        key: keyOf(record(value.key, "write.key")),
        expect: optNum(value.expect, "write.expect") ?? null,
      };
  }
}
