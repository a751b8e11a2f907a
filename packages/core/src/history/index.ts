export {
  type Change,
  type CommitResult,
  commit,
  entityOf,
  getEntry,
  landed,
  onApplied,
  PUT_LEASE_MS,
  settle,
  snapshotOf,
} from "./commit.ts";
export { entriesOf, HISTORY_COLUMNS, historyCsv, historyJsonl } from "./export.ts";
export { changeItem, createItem, deleteItem } from "./hooks.ts";
export { fromItem, type HistoryEntryItem, type StoredEntry, toItem } from "./item.ts";
export { latest, listByDocument, listByEntity, listByWorkspace } from "./read.ts";
export {
  HistoryEntry,
  HistoryKind,
  HistoryStatus,
  type HistoryWrite,
  Snapshot,
} from "./schema.ts";
export { type HistorySweepResult, noteActivity, sweepPendingHistory } from "./sweep.ts";
