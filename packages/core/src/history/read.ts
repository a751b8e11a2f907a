import { BatchGetCommand, type NativeAttributeValue, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { historyDocumentPk, historyWorkspacePk, keys, prefixes, workspacePk } from "../db/keys.ts";
import { type Page, type PageOptions, queryPage } from "../db/page.ts";
import { fromItem, type StoredEntry } from "./item.ts";
import type { HistoryEntry, HistoryStatus } from "./schema.ts";
import { settle } from "./settle.ts";

const isEntry = (item: Record<string, unknown>) => item.type === "history";

/** The newest entry of an entity, or null (Query `HIST#<entity>#`, newest first, one item). */
export async function latest(
  ctx: Context,
  workspaceId: string,
  entity: string,
): Promise<StoredEntry | null> {
  // Newest first, a void marker (`…#VOID`) sorts just after its entry: read two to get past it.
  const result = await ctx.db.send(
    new QueryCommand({
      TableName: ctx.table,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: {
        ":pk": workspacePk(workspaceId),
        ":prefix": `${prefixes.history}${entity}#`,
      },
      ScanIndexForward: false,
      Limit: 2,
      ConsistentRead: true,
    }),
  );
  const item = (result.Items ?? []).find(isEntry);
  return item ? fromItem(item) : null;
}

async function batchGet(
  ctx: Context,
  wanted: Array<{ pk: string; sk: string }>,
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(wanted.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Array<Record<string, NativeAttributeValue>> = unique.slice(i, i + 100);
    for (let attempt = 0; request.length > 0 && attempt < 6; attempt++) {
      const result = await ctx.db.send(
        new BatchGetCommand({ RequestItems: { [ctx.table]: { Keys: request } } }),
      );
      for (const item of result.Responses?.[ctx.table] ?? []) {
        found.set(`${item.pk}\u0000${item.sk}`, item);
      }
      request = result.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
    }
  }
  return found;
}

/**
 * The status of each entry, rolling forward those found pending. An entry followed by a newer
 * one of its entity has landed (the newer one was only written after it); a void marker says not
 * applied; the newest of each entity is checked against its stored item.
 */
async function statuses(ctx: Context, entries: StoredEntry[]): Promise<HistoryStatus[]> {
  const voids = await batchGet(
    ctx,
    entries.map((e) => keys.historyVoid(e.workspaceId, e.entity, e.version)),
  );
  const newestInPage = new Map<string, StoredEntry>();
  for (const e of entries) {
    const seen = newestInPage.get(e.entity);
    if (!seen || seen.version < e.version) newestInPage.set(e.entity, e);
  }
  const result = new Map<StoredEntry, HistoryStatus>();
  await Promise.all(
    [...newestInPage.values()].map(async (e) => {
      if (voids.has(voidId(e))) return;
      const newest = await latest(ctx, e.workspaceId, e.entity);
      if (newest && newest.version > e.version) return;
      result.set(e, await settle(ctx, e));
    }),
  );
  return entries.map((e) => (voids.has(voidId(e)) ? "not_applied" : (result.get(e) ?? "applied")));
}

const voidId = (e: StoredEntry) => {
  const key = keys.historyVoid(e.workspaceId, e.entity, e.version);
  return `${key.pk}\u0000${key.sk}`;
};

/** An entry as readers get it: without the write it carries. */
function toEntry(e: StoredEntry, status: HistoryStatus): HistoryEntry {
  const { write: _write, workspaceId: _ws, ...rest } = e;
  return { ...rest, status };
}

async function present(
  ctx: Context,
  page: Page<Record<string, unknown>>,
): Promise<Page<HistoryEntry>> {
  const entries = page.items.filter(isEntry).map(fromItem);
  const status = await statuses(ctx, entries);
  return { items: entries.map((e, i) => toEntry(e, status[i]!)), nextCursor: page.nextCursor };
}

/** History of one entity, oldest first (Query `WS#<ws>`, `HIST#<entity>#` prefix). */
export async function listByEntity(
  ctx: Context,
  workspaceId: string,
  entity: string,
  options: PageOptions,
): Promise<Page<HistoryEntry>> {
  const page = await queryPage(
    ctx,
    {
      partition: ["pk", workspacePk(workspaceId)],
      beginsWith: ["sk", `${prefixes.history}${entity}#`],
      keep: isEntry,
    },
    options,
  );
  return present(ctx, page);
}

/** History of a document and its passages, newest first (Query GSI1 `WS#<ws>#HIST#DOC#<doc>`). */
export async function listByDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  options: PageOptions,
): Promise<Page<HistoryEntry>> {
  const page = await queryPage(
    ctx,
    {
      index: "gsi1",
      partition: ["gsi1pk", historyDocumentPk(workspaceId, documentId)],
      newestFirst: true,
    },
    options,
  );
  return present(ctx, page);
}

/** History of a workspace, oldest first (Query GSI2 `WS#<ws>#HIST`). */
export async function listByWorkspace(
  ctx: Context,
  workspaceId: string,
  options: PageOptions & { newestFirst?: boolean },
): Promise<Page<HistoryEntry>> {
  const page = await queryPage(
    ctx,
    {
      index: "gsi2",
      partition: ["gsi2pk", historyWorkspacePk(workspaceId)],
      ...(options.newestFirst ? { newestFirst: true } : {}),
    },
    options,
  );
  return present(ctx, page);
}
