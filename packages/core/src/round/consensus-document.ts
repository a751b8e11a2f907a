import { placer, type VersionChange } from "../annotation/reanchor.ts";
import type { Context } from "../context/index.ts";
import type { Item } from "../db/fields.ts";
import * as History from "../history/index.ts";
import { fromItem, workspaceConsensusItems } from "./consensus-item.ts";

/**
 * A document's consensus passages follow its lifecycle like its coders' passages: deleted with
 * it, re-anchored onto its new text versions. This module imports nothing of `document/` (which
 * calls it), so the two stay free of an import cycle.
 */

/**
 * The stored items of a document's consensus passages, every round's (the workspace's, kept to
 * the document: rounds hold few consensus passages, as in the layer).
 */
async function itemsOfDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Item[]> {
  const items = await workspaceConsensusItems(ctx, workspaceId);
  return items.filter((item) => item.documentId === documentId);
}

/**
 * Deletes a document's consensus passages, each recorded in the history with its whole item
 * (caused by the document's delete), so no orphan stays in `?layer=consensus` findings or exports.
 * One already gone (withdrawn meanwhile) is skipped.
 */
export async function removeConsensusOfDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<void> {
  const items = await itemsOfDocument(ctx, workspaceId, documentId);
  await Promise.all(
    items.map((item) =>
      History.deleteItem(ctx, {
        kind: "consensus",
        item,
        documentId,
        cause: `document.delete:${documentId}`,
      }),
    ),
  );
}

/**
 * Places a document's consensus passages on the version `change` made, with the annotations'
 * pipeline (`placer`: diff from the version each was placed on, then the anchoring cascade).
 * Called after the document flipped to `change.target`. A passage found again is moved onto the
 * target (a recorded change, `reanchor`); one whose words are gone keeps its placement on the
 * older version, which the layer shows as orphaned with its stored quote, never on other words.
 * Until its write lands a passage still names the older version, so a crash (or a write refused
 * because the passage changed meanwhile) also leaves it orphaned, and the next version change
 * tries again from the version it was placed on.
 */
export async function reanchorConsensus(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  change: VersionChange,
): Promise<{ total: number; moved: number; orphaned: number }> {
  const items = await itemsOfDocument(ctx, workspaceId, documentId);
  const place = placer(change);
  const outcomes = await Promise.all(
    items.map(async (item) => {
      const p = fromItem(item);
      const { next } = await place({
        start: p.start,
        end: p.end,
        exact: p.exact,
        prefix: p.prefix,
        suffix: p.suffix,
        textVersion: p.textVersion,
        status: p.textVersion === change.served.version ? "anchored" : "orphaned",
      });
      if (next.status !== "anchored") return "orphaned";
      // The placement's quote, context and version; a consensus passage keeps no status or move.
      const {
        status: _status,
        target: _target,
        change: _change,
        reanchor: _reanchor,
        ...set
      } = next;
      const written = await History.changeItem(ctx, {
        kind: "consensus",
        item,
        set,
        action: "reanchor",
        cause: `document.version:${documentId}#${change.target}`,
        documentId,
      });
      return written.ok ? "moved" : "orphaned";
    }),
  );
  const moved = outcomes.filter((o) => o === "moved").length;
  return { total: items.length, moved, orphaned: items.length - moved };
}
