import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { str } from "../db/fields.ts";
import { historyWorkspacePk, keys } from "../db/keys.ts";
import { fromItem, type StoredEntry } from "./item.ts";
import { latest } from "./read.ts";
import type { HistoryStatus } from "./schema.ts";
import { PUT_LEASE_MS, settle } from "./settle.ts";

/*
 * The background sweep of pending history entries. An entry is pending when its writer stopped
 * between the entry and its change (core/history/commit.ts); the next write or history read of
 * the entity completes it, and this sweep does so without waiting for one: it rolls the entry
 * forward, or marks it void when its change can no longer land.
 *
 * Without a Scan: every commit first notes its workspace as active on that UTC day (one
 * conditional Put per process, workspace and day: `HISTDAY#<day>`), and the sweep reads the
 * active workspaces of today and yesterday, then each one's history since it last swept it
 * (GSI2, by time), settling the newest entry of each entity found.
 */

/** How long an activity record is kept (the table's TTL attribute): the sweep reads two days. */
const ACTIVITY_TTL_S = 3 * 24 * 3600;

/**
 * Entries are re-read this far before the last sweep's mark: an entry's time is taken before its
 * Put, which a retried request can deliver seconds later (three 5 s attempts).
 */
const OVERLAP_MS = 5 * 60 * 1000;

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** (day, workspace) pairs this process has noted, or is noting (concurrent commits share one). */
const noted = new Map<string, Promise<void>>();

/** Notes that a workspace writes history today, once per process and day (before its entry). */
export async function noteActivity(ctx: Context, workspaceId: string): Promise<void> {
  const now = ctx.now();
  const day = dayOf(now);
  const id = `${day}\u0000${ctx.table}\u0000${workspaceId}`;
  let pending = noted.get(id);
  if (!pending) {
    pending = writeIf(
      ctx,
      new PutCommand({
        TableName: ctx.table,
        Item: {
          ...keys.historyActivity(day, workspaceId),
          type: "history-activity",
          workspaceId,
          expiresAt: Math.floor(now.getTime() / 1000) + ACTIVITY_TTL_S,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    ).then(
      () => undefined,
      (error: unknown) => {
        // Not noted: the next commit tries again.
        noted.delete(id);
        throw error;
      },
    );
    noted.set(id, pending);
  }
  await pending;
}

export interface HistorySweepResult {
  workspaces: number;
  entriesRead: number;
  /** Newest entries of their entity, by the status the sweep left them in. */
  settled: Record<HistoryStatus, number>;
}

/**
 * Settles the history entries written since the last sweep, up to `olderThanMs` ago (a put may
 * only be completed by someone else after PUT_LEASE_MS). A background job: the daily sweep
 * Lambda and the local runtime's timer; never a request path.
 */
export async function sweepPendingHistory(
  ctx: Context,
  options: { olderThanMs?: number } = {},
): Promise<HistorySweepResult> {
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - (options.olderThanMs ?? PUT_LEASE_MS)).toISOString();
  const result: HistorySweepResult = {
    workspaces: 0,
    entriesRead: 0,
    settled: { applied: 0, pending: 0, not_applied: 0 },
  };
  const yesterday = dayOf(new Date(now.getTime() - 24 * 3600 * 1000));
  for (const day of [yesterday, dayOf(now)]) {
    for (const activity of await queryAll(ctx, {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.historyActivity(day, "").pk },
    })) {
      result.workspaces++;
      const workspaceId = str(activity.workspaceId, "workspaceId");
      const mark = typeof activity.sweptThrough === "string" ? activity.sweptThrough : null;
      const from = mark
        ? new Date(Date.parse(mark) - OVERLAP_MS).toISOString()
        : `${day}T00:00:00.000Z`;
      if (from > cutoff) continue;
      const items = await queryAll(ctx, {
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": historyWorkspacePk(workspaceId),
          ":from": from,
          ":to": cutoff,
        },
      });
      const newest = new Map<string, StoredEntry>();
      for (const item of items) {
        if (item.type !== "history") continue;
        result.entriesRead++;
        const entry = fromItem(item);
        const seen = newest.get(entry.entity);
        if (!seen || seen.version < entry.version) newest.set(entry.entity, entry);
      }
      for (const entry of newest.values()) {
        // An entry followed by a newer one landed (the newer one is only written after it).
        const last = await latest(ctx, workspaceId, entry.entity);
        if (last && last.version > entry.version) continue;
        result.settled[await settle(ctx, entry)]++;
      }
      await ctx.db.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: keys.historyActivity(day, workspaceId),
          UpdateExpression: "SET sweptThrough = :cutoff",
          ExpressionAttributeValues: { ":cutoff": cutoff },
        }),
      );
    }
  }
  return result;
}

/** Every page of a Query. */
async function queryAll(
  ctx: Context,
  input: {
    IndexName?: string;
    KeyConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  },
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(
      new QueryCommand({ TableName: ctx.table, ...input, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
