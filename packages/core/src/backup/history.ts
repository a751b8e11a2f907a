import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import type { IdPrefix } from "../id/index.ts";
import { restoredId } from "./ids.ts";

/** Ids a history entry may hold, anywhere in it, with the prefix a restore maps them by. */
const ID = /^(ann|doc|lnk|rnd|cns)_[0-9A-HJKMNP-TV-Z]{26}$/;
const MAPPED = ["ann", "doc", "lnk", "rnd", "cns"] as const satisfies readonly IdPrefix[];

/** The workspace history as backed up: every entry, oldest first, as the API shows it. */
export async function* backupHistory(
  ctx: Context,
  workspaceId: string,
): AsyncGenerator<History.HistoryEntry> {
  yield* History.entriesOf(ctx, workspaceId);
}

/** A backup's history entries, checked before a restore writes anything. */
export function historyOf(backup: { history?: unknown[] | undefined }): History.HistoryEntry[] {
  const parsed = History.HistoryEntry.array().safeParse(backup.history ?? []);
  if (!parsed.success) {
    throw new GlossError("invalid", "backup.invalid", "the backup's history entries are malformed");
  }
  return parsed.data;
}

/** Every string that is a Gloss id replaced by its restored id; the rest as it is. */
function mapIds(value: unknown, workspaceId: string): unknown {
  if (typeof value === "string") {
    const group = ID.exec(value)?.[1];
    const prefix = MAPPED.find((p) => p === group);
    return prefix ? restoredId(prefix, value, workspaceId) : value;
  }
  if (Array.isArray(value)) return value.map((v) => mapIds(v, workspaceId));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, workspaceId)]));
  }
  return value;
}

/**
 * Writes a backup's history into the workspace it is restored into, ids mapped as the restore
 * maps them (derived, so a repeat writes the same keys). Each put is conditional on its key:
 * a repeated restore skips what is there, and nothing overwrites an entry. The entries describe
 * changes made before the backup, so they carry no write to complete (`op: none`); one the
 * backup says was not applied keeps saying so.
 */
export async function restoreHistory(
  ctx: Context,
  workspaceId: string,
  entries: History.HistoryEntry[],
): Promise<number> {
  for (let i = 0; i < entries.length; i += 16) {
    await Promise.all(
      entries.slice(i, i + 16).map(async (original) => {
        // Mapping ids changes strings only, so the entry still parses; parsing says so to the types.
        const { status, ...entry } = History.HistoryEntry.parse(mapIds(original, workspaceId));
        const stored = { ...entry, workspaceId, write: { op: "none" } };
        const entity = History.entityOf(entry.kind, entry.entityId);
        await writeIf(
          ctx,
          new PutCommand({
            TableName: ctx.table,
            Item: {
              ...keys.historyEntry(workspaceId, entity, entry.version),
              ...keys.historyIndex({ ...stored, entity }),
              type: "history",
              ...stored,
              entity,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        if (status === "not_applied") {
          await writeIf(
            ctx,
            new PutCommand({
              TableName: ctx.table,
              Item: {
                ...keys.historyVoid(workspaceId, entity, entry.version),
                type: "history-void",
                at: entry.at,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          );
        }
      }),
    );
  }
  return entries.length;
}
