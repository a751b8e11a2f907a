import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { type Item, keyOf, optNum, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import * as History from "../history/index.ts";
import type { NextAnchor, Placement } from "./placement.ts";

/*
 * Re-anchoring in the history. A passage moved or orphaned by a new text version gets an
 * immutable entry, written before the anchor change as every history entry is (core/history):
 * the placement before and after, the text version, the change and why.
 *
 * Keyed by bumping the passage's version, not by (passage, text version). The history's
 * guarantees (one entry per key, roll forward after a crash, void when refused, the background
 * sweep, "newest entry" reads) are all keyed by an entity's version; a second key space would
 * need its own landed/settle rules, and a version number alone does not name a text change (a
 * change abandoned after its lease and the next one both make version N+1, with different
 * texts). The cost: a PATCH of the passage racing the version change gets the usual 409 and
 * retries, as creates already do while a change holds the document.
 *
 * Idempotent when a re-anchoring job is retried: a retry recomputes the same placement from the
 * served one, finds it already recorded beside the passage for the same target, and only stamps
 * the new change id on it (the anchors do not change, so there is nothing new to record).
 */

/** A placement's anchors, as an entry's before/after: offsets, quote, version, status. */
export function anchorsOf(placement: Placement): History.Snapshot {
  return {
    start: placement.start,
    end: placement.end,
    exact: placement.exact,
    prefix: placement.prefix,
    suffix: placement.suffix,
    textVersion: placement.textVersion,
    status: placement.status,
  };
}

/** Whether two placements put the passage on the same words of the same version. */
export function samePlacement(a: Placement, b: Placement): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.exact === b.exact &&
    a.textVersion === b.textVersion &&
    a.status === b.status
  );
}

/** Why a passage went where it went, in words an auditor reads. */
export function reasonOf(next: NextAnchor, tooLong: boolean): string {
  if (next.status === "orphaned") {
    return tooLong
      ? `orphaned: its placement on version ${next.target} is longer than a passage may be`
      : `orphaned: no place in version ${next.target} holds it with confidence (moved, rewritten, ambiguous or removed)`;
  }
  return `moved to version ${next.target} by ${next.reanchor.method} (score ${next.reanchor.score})`;
}

export interface RecordedMove {
  workspaceId: string;
  documentId: string;
  /** The annotation item as read, keys included. */
  item: Item;
  /** The placement it is moved from and the one it gets. */
  from: Placement;
  next: NextAnchor;
  reason: string;
  /** The item's fields the move writes (the placement beside, or its own fields). */
  set: History.Snapshot;
  /** Who added the version (background work has no caller). */
  by?: string | null;
}

/**
 * Records a re-anchoring and then writes it, as the passage's next version. `retry`: the item
 * was changed meanwhile (an entry for that version exists, or the write was refused), so the
 * caller re-reads it and computes again.
 */
export async function commitMove(ctx: Context, move: RecordedMove): Promise<"ok" | "retry"> {
  const { item, next } = move;
  const version = optNum(item.version, "version") ?? null;
  const result = await History.commit(ctx, {
    workspaceId: move.workspaceId,
    kind: "annotation",
    entityId: str(item.id, "id"),
    version: (version ?? 0) + 1,
    action: "reanchor",
    cause: `document.version:${move.documentId}#${next.target}`,
    documentId: move.documentId,
    before: anchorsOf(move.from),
    after: anchorsOf(next),
    related: {
      textVersion: next.target,
      change: next.change,
      method: next.reanchor.method,
      score: next.reanchor.score,
      reason: move.reason,
    },
    write: {
      op: "update",
      key: keyOf(item),
      set: move.set,
      expect: version,
    },
    ...(move.by ? { by: move.by } : {}),
  });
  return result.ok ? "ok" : "retry";
}

/** The annotation item, fresh (consistent read), or null when it was deleted. */
export async function readItem(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<Item | null> {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.annotation(workspaceId, annotationId),
      ConsistentRead: true,
    }),
  );
  return result.Item ?? null;
}
