import { BatchGetCommand, type NativeAttributeValue, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { writeIf } from "../db/conditional.ts";
import { type Item, keyOf, optNum, optStr, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import * as Document from "../document/counts.ts";
import { apply, putEntry } from "../history/commit.ts";
import * as History from "../history/index.ts";
import { type AnnotationItem, tagsOf } from "./item.ts";

/** The bulk callers' name for `toItem` (imports, search coding, REFI passages). */
export { toItem as annotationItem } from "./item.ts";

/**
 * Many annotation writes at once, each with its history entry, for imports, code merges and
 * coding search hits. The guarantee of `history/commit.ts` holds item by item, kept for chunks:
 *
 * 1. the chunk's entries first, each a conditional put (`attribute_not_exists`), so no entry is
 *    ever overwritten and one writer alone owns each change;
 * 2. then the chunk's changes: creates whose entry this run landed as one BatchWriteItem (no
 *    conditions there, so only the entry's owner writes, well inside `History.PUT_LEASE_MS`,
 *    after which anyone may roll a pending create forward); updates one conditional update each,
 *    on the version the entry was made from;
 * 3. the document counts once per chunk and document, for the writes this run landed; a run that
 *    finds writes of its own cause landed before it (a retry after a crash, which cannot know
 *    whether they were counted) recounts their documents at its end.
 *
 * A crash between 1 and 2 leaves entries whose change is missing, never a change without an
 * entry: a history read rolls them forward (a create after the lease), and a retry of the same
 * job (`cause`) completes its own at once, conditionally, so each lands and is counted once.
 * Ids are the caller's, derived from its job and source (a REFI GUID, a search hit), so a retry
 * writes the same items.
 */

/** BatchWriteItem takes 25 requests; a chunk is that many items. */
export const CHUNK = 25;
/** Chunks in flight at once: enough to hide round trips, few enough not to throttle a table. */
const DEFAULT_CONCURRENCY = 4;

/** Test seams: a throw in one simulates a crash there. */
export interface BulkHooks {
  /** After a chunk's entries are written, before its changes. */
  afterEntries?: (chunk: number) => void | Promise<void>;
  /** After a chunk's changes are written, before its counts. */
  afterWrites?: (chunk: number) => void | Promise<void>;
}

export interface BulkOptions {
  /**
   * The job, import or merge writing, recorded as each entry's `cause`. A call finding entries of
   * its own cause completes them at once, so a cause must have one writer at a time (a leased
   * job, a merge's marker); a request without one adds something unique to it, and its pending
   * creates are then completed after `History.PUT_LEASE_MS`, as any pending create is.
   */
  cause: string;
  /** Who, when the context names no actor (a background worker). */
  by?: string;
  concurrency?: number;
  hooks?: BulkHooks;
}

/**
 * How each create ended: `created` by this call; `created_before` by an earlier run of the same
 * cause (a retry after a crash); `exists` made by someone else (another job, a hand-made
 * annotation) or without history; `pending` recorded by someone else whose write has not landed
 * yet (it will, by its writer or the next history read).
 */
export type CreateOutcome = "created" | "created_before" | "exists" | "pending";

/**
 * How each update ended: `updated`; `completed` when an earlier run of the same cause had recorded
 * it and this call rolled it forward; `stale` when the item was not at the version read.
 */
export type UpdateOutcome = "updated" | "completed" | "stale";

export interface UpdateChange {
  /** The stored item as read, keys included; the change lands only if it is still at its version. */
  item: Item;
  set: Item;
  action?: string;
}

/** Runs `work` over `count` chunks, at most `concurrency` at a time, in order of start. */
async function eachChunk(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

function entryOf(
  ctx: Context,
  options: BulkOptions,
  fields: Pick<History.StoredEntry, "entityId" | "version" | "action" | "before" | "after"> & {
    workspaceId: string;
    documentId: string | null;
    write: History.HistoryWrite;
    by?: string;
  },
): History.StoredEntry {
  return {
    workspaceId: fields.workspaceId,
    entity: History.entityOf("annotation", fields.entityId),
    kind: "annotation",
    entityId: fields.entityId,
    version: fields.version,
    action: fields.action,
    cause: options.cause,
    at: ctx.now().toISOString(),
    by: ctx.actor?.userId ?? fields.by ?? options.by ?? "system",
    requestId: ctx.actor?.requestId ?? null,
    documentId: fields.documentId,
    before: fields.before,
    after: fields.after,
    related: null,
    write: fields.write,
  };
}

/** Items by `pk\0sk`, read in one BatchGetItem per 100 keys, unprocessed keys retried. */
async function batchGet(
  ctx: Context,
  wanted: Array<{ pk: string; sk: string }>,
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Array<Record<string, NativeAttributeValue>> = wanted.slice(i, i + 100);
    for (let attempt = 0; request.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** Math.min(attempt, 6)));
      const result = await ctx.db.send(
        new BatchGetCommand({
          RequestItems: { [ctx.table]: { Keys: request, ConsistentRead: true } },
        }),
      );
      for (const item of result.Responses?.[ctx.table] ?? []) {
        found.set(`${item.pk}\u0000${item.sk}`, item);
      }
      request = result.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
    }
  }
  return found;
}

const mapKey = (k: { pk: string; sk: string }) => `${k.pk}\u0000${k.sk}`;

/** The counts a chunk's landed writes change, one update per document (step 3). */
async function adjust(
  ctx: Context,
  workspaceId: string,
  landed: Array<{
    documentId: string;
    before: Item | null;
    after: Item | null;
  }>,
): Promise<void> {
  const byDocument = new Map<string, { total: number; tags: Record<string, number> }>();
  for (const { documentId, before, after } of landed) {
    const counts = byDocument.get(documentId) ?? { total: 0, tags: {} };
    counts.total += (after ? 1 : 0) - (before ? 1 : 0);
    for (const tag of tagsOf(before)) counts.tags[tag] = (counts.tags[tag] ?? 0) - 1;
    for (const tag of tagsOf(after)) counts.tags[tag] = (counts.tags[tag] ?? 0) + 1;
    byDocument.set(documentId, counts);
  }
  await Promise.all(
    [...byDocument].map(([documentId, change]) =>
      Document.adjustCounts(ctx, workspaceId, documentId, change),
    ),
  );
}

/**
 * Creates annotations with their "create" entries (see the top of this file); `items` are whole
 * stored items at version 1 with derived ids. Returns how each ended, in order. Ids already
 * present are left as they are: a retry or a re-run writes nothing twice.
 */
export async function createMany(
  ctx: Context,
  workspaceId: string,
  items: AnnotationItem[],
  options: BulkOptions,
): Promise<CreateOutcome[]> {
  const outcomes: CreateOutcome[] = new Array(items.length);
  const chunks = Math.ceil(items.length / CHUNK);
  // Before any entry, as `commit` does: the history sweep finds pending entries by this record.
  if (items.length > 0) await History.noteActivity(ctx, workspaceId);
  await eachChunk(chunks, options.concurrency ?? DEFAULT_CONCURRENCY, async (c) => {
    const chunk = items.slice(c * CHUNK, (c + 1) * CHUNK);
    const entity = (item: AnnotationItem) => History.entityOf("annotation", item.id);
    const entryKey = (item: AnnotationItem) =>
      keys.historyEntry(workspaceId, entity(item), item.version);
    // What an earlier run (or anyone) left: the items and their create entries, in one read.
    const found = await batchGet(ctx, [
      ...chunk.map((item) => ({ pk: item.pk, sk: item.sk })),
      ...chunk.map(entryKey),
    ]);
    const entries = chunk.map((item) => {
      const stored = found.get(mapKey(entryKey(item)));
      return stored ? History.fromItem(stored) : null;
    });
    // Each with the item its entry puts.
    type Recorded = { index: number; entry: History.StoredEntry; item: History.Snapshot };
    const toWrite: Recorded[] = [];
    const toComplete: Recorded[] = [];
    await Promise.all(
      chunk.map(async (item, i) => {
        const index = c * CHUNK + i;
        const existing = entries[i];
        if (found.has(mapKey(item))) {
          outcomes[index] = existing?.cause === options.cause ? "created_before" : "exists";
          return;
        }
        if (existing) {
          if (existing.cause === options.cause && existing.write.op === "put") {
            toComplete.push({ index, entry: existing, item: existing.write.item });
          } else if (ctx.now().getTime() - Date.parse(existing.at) >= History.PUT_LEASE_MS) {
            // Someone else's create, left pending past its lease: rolled forward as a read would.
            const status = await History.settle(ctx, existing);
            outcomes[index] = status === "applied" ? "exists" : "pending";
          } else outcomes[index] = "pending";
          return;
        }
        const entry = entryOf(ctx, options, {
          workspaceId,
          entityId: item.id,
          version: item.version,
          action: "create",
          documentId: item.documentId,
          before: null,
          after: History.snapshotOf(item),
          write: { op: "put", item },
          by: item.createdBy,
        });
        if (await putEntry(ctx, entry)) toWrite.push({ index, entry, item });
        else outcomes[index] = "pending";
      }),
    );
    await options.hooks?.afterEntries?.(c);
    const landed: Array<{ documentId: string; before: null; after: Item }> = [];
    const recordedAt = Math.min(...toWrite.map(({ entry }) => Date.parse(entry.at)));
    if (toWrite.length > 0 && ctx.now().getTime() - recordedAt < History.PUT_LEASE_MS / 2) {
      await batchWrite(
        ctx,
        toWrite.map(({ item }) => ({ PutRequest: { Item: item } })),
      );
      for (const { index, entry } of toWrite) {
        outcomes[index] = "created";
        landed.push({ documentId: entry.documentId!, before: null, after: entry.after! });
      }
    } else {
      // Slow enough that a history read may be rolling these forward: each put conditional.
      toComplete.push(...toWrite);
    }
    await Promise.all(
      toComplete.map(async ({ index, entry, item }) => {
        const put = await writeIf(
          ctx,
          new PutCommand({
            TableName: ctx.table,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        const ours = toWrite.some((w) => w.index === index);
        outcomes[index] = ours ? "created" : "created_before";
        if (put) landed.push({ documentId: entry.documentId!, before: null, after: entry.after! });
      }),
    );
    await options.hooks?.afterWrites?.(c);
    await adjust(ctx, workspaceId, landed);
  });
  await recountResumed(
    ctx,
    workspaceId,
    items.map((item, i) => ({
      documentId: item.documentId,
      passage: outcomes[i] === "pending" ? null : { id: item.id, tags: tagsOf(item) },
      resumed: outcomes[i] === "created_before",
    })),
  );
  return outcomes;
}

/**
 * Step 3 for a resumed run: where a write of this cause had landed before this call (a crash in an
 * earlier run, between its write and its counts, or after both), whether it was counted is not
 * known, so those documents are recounted, with what this call saw of them (see
 * `Document.recount`).
 */
async function recountResumed(
  ctx: Context,
  workspaceId: string,
  seen: Array<{
    documentId: string | null;
    passage: Document.CountedPassage | null;
    resumed: boolean;
  }>,
): Promise<void> {
  const resumed = new Set(seen.filter((s) => s.resumed && s.documentId).map((s) => s.documentId));
  for (const documentId of resumed) {
    if (!documentId) continue;
    const known = seen.flatMap((s) =>
      s.documentId === documentId && s.passage ? [s.passage] : [],
    );
    await Document.recount(ctx, workspaceId, documentId, known);
  }
}

/**
 * Changes some fields of many stored annotations, each from the version read to the next, with
 * its entry (see the top of this file). Returns how each ended, in order: a `stale` item changed
 * meanwhile (or is gone), nothing was written over it, and the caller re-reads it. An entry of
 * that version found pending (a crash in an earlier run) is rolled forward on the way.
 */
export async function updateMany(
  ctx: Context,
  workspaceId: string,
  changes: UpdateChange[],
  options: BulkOptions,
): Promise<UpdateOutcome[]> {
  const outcomes: UpdateOutcome[] = new Array(changes.length);
  const chunks = Math.ceil(changes.length / CHUNK);
  if (changes.length > 0) await History.noteActivity(ctx, workspaceId);
  await eachChunk(chunks, options.concurrency ?? DEFAULT_CONCURRENCY, async (c) => {
    const chunk = changes.slice(c * CHUNK, (c + 1) * CHUNK);
    const recorded: Array<{ index: number; entry: History.StoredEntry }> = [];
    await Promise.all(
      chunk.map(async ({ item, set, action }, i) => {
        const index = c * CHUNK + i;
        const version = optNum(item.version, "version") ?? null;
        const next = (version ?? 0) + 1;
        const entry = entryOf(ctx, options, {
          workspaceId,
          entityId: str(item.id, "id"),
          version: next,
          action: action ?? "update",
          documentId: optStr(item.documentId, "documentId") ?? null,
          before: History.snapshotOf(item),
          after: { ...History.snapshotOf(item), ...set, version: next },
          write: { op: "update", key: keyOf(item), set, expect: version },
        });
        if (await putEntry(ctx, entry)) {
          recorded.push({ index, entry });
          return;
        }
        // Taken: someone recorded this version; roll it forward. Ours (a crash in an earlier run
        // of this cause) is then done; anyone else's means the caller re-reads.
        const existing = await History.getEntry(ctx, workspaceId, entry.entity, next);
        const status = existing ? await History.settle(ctx, existing) : null;
        outcomes[index] =
          existing?.cause === options.cause && status === "applied" ? "completed" : "stale";
      }),
    );
    await options.hooks?.afterEntries?.(c);
    const landed: Array<{ documentId: string; before: Item; after: Item }> = [];
    await Promise.all(
      recorded.map(async ({ index, entry }) => {
        if ((await apply(ctx, entry)).ok) {
          outcomes[index] = "updated";
          if (entry.documentId) {
            landed.push({
              documentId: entry.documentId,
              before: entry.before!,
              after: entry.after!,
            });
          }
          return;
        }
        // Refused by its condition: settle says landed (rolled forward by a reader meanwhile)
        // or marks the entry void, never touching it.
        const status = await History.settle(ctx, entry);
        outcomes[index] = status === "applied" ? "updated" : "stale";
      }),
    );
    await options.hooks?.afterWrites?.(c);
    await adjust(ctx, workspaceId, landed);
  });
  await recountResumed(
    ctx,
    workspaceId,
    changes.map(({ item, set }, i) => ({
      documentId: optStr(item.documentId, "documentId") ?? null,
      passage:
        outcomes[i] === "stale"
          ? null
          : { id: str(item.id, "id"), tags: tagsOf({ ...item, ...set }) },
      resumed: outcomes[i] === "completed",
    })),
  );
  return outcomes;
}
