import type { Context } from "../context/index.ts";
import { csvText } from "../export/csv.ts";
import { listByWorkspace } from "./read.ts";
import type { HistoryEntry } from "./schema.ts";

/** Columns of the history CSV; states are JSON, so a reader can rebuild every version. */
export const HISTORY_COLUMNS = [
  "at",
  "entity",
  "kind",
  "entity_id",
  "version",
  "action",
  "cause",
  "by",
  "request_id",
  "document_id",
  "status",
  "before_json",
  "after_json",
  "related_json",
] as const;

const json = (value: unknown) =>
  value === null || value === undefined ? "" : JSON.stringify(value);

function record(e: HistoryEntry): Array<string | number> {
  return [
    e.at,
    e.entity,
    e.kind,
    e.entityId,
    e.version,
    e.action,
    e.cause ?? "",
    e.by,
    e.requestId ?? "",
    e.documentId ?? "",
    e.status,
    json(e.before),
    json(e.after),
    json(e.related),
  ];
}

/** Every entry of a workspace, oldest first, page by page. */
export async function* entriesOf(ctx: Context, workspaceId: string): AsyncGenerator<HistoryEntry> {
  let cursor: string | undefined;
  do {
    const page = await listByWorkspace(ctx, workspaceId, { cursor, limit: 100 });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The workspace history as JSON Lines: one entry per line, oldest first. */
export async function* historyJsonl(ctx: Context, workspaceId: string): AsyncGenerator<string> {
  // A first piece before any read, so an empty history is still a 200 with an empty body.
  yield "";
  for await (const entry of entriesOf(ctx, workspaceId)) yield `${JSON.stringify(entry)}\n`;
}

/** The workspace history as RFC 4180 CSV (the exports' writer: quoting and formula guard). */
export async function* historyCsv(
  ctx: Context,
  workspaceId: string,
  options: { bom?: boolean } = {},
): AsyncGenerator<string> {
  yield csvText([[...HISTORY_COLUMNS]], options);
  let batch: HistoryEntry[] = [];
  for await (const entry of entriesOf(ctx, workspaceId)) {
    batch.push(entry);
    if (batch.length === 100) {
      yield csvText(batch.map(record));
      batch = [];
    }
  }
  if (batch.length) yield csvText(batch.map(record));
}
