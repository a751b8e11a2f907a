export {
  type Change,
  type CommitResult,
  changeItem,
  commit,
  createItem,
  deleteItem,
  entityOf,
  getEntry,
  landed,
  onApplied,
  PUT_LEASE_MS,
  type StoredEntry,
  settle,
  snapshotOf,
} from "./commit.ts";
export { entriesOf, HISTORY_COLUMNS, historyCsv, historyJsonl } from "./export.ts";
export { latest, listByDocument, listByEntity, listByWorkspace } from "./read.ts";
export {
  HistoryEntry,
  HistoryKind,
  HistoryStatus,
  type HistoryWrite,
  Snapshot,
} from "./schema.ts";
export { type HistorySweepResult, noteActivity, sweepPendingHistory } from "./sweep.ts";
