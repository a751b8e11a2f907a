import type { Context } from "../context/index.ts";
import type { Item } from "../db/items.ts";
import * as History from "../history/index.ts";
import { findCycles } from "./cycles.ts";
import { codeItems, nodeOf } from "./item.ts";
import { MAX_DEPTH } from "./schema.ts";
import { buildTree, RANK_STEP } from "./tree.ts";

/** The history cause of a move undone because, with moves racing it, it closed a loop. */
export const MOVE_CONFLICT_CAUSE = "code.move_conflict";

/**
 * Checks a move just written against the tree as it now stands, and undoes it when, together
 * with moves that raced it, it closed a loop of parents or made the tree deeper than allowed.
 *
 * Without transactions a move cannot condition its write on the other codes of its new parent
 * chain, so each mover checks after writing (a strongly consistent read). Of two racing moves
 * that close a loop, the one whose write landed last always sees the loop in its check, so a loop
 * never outlives its last mover's request: that mover undoes its own move (recorded, cause
 * `code.move_conflict`, conditional on the version it wrote) and answers 409. The undo is checked
 * the same way (racing moves can have made the old place a loop too), falling back to the top
 * level. When both checks see a loop, both undo, and both callers retry on a tree they can see.
 * A mover that crashes before its check leaves the loop to `repairCycles` on a later read.
 */
export async function confirmMove(
  ctx: Context,
  workspaceId: string,
  tagId: string,
  moved: { version: number; before: Item },
): Promise<{ kept: Item[] } | "undone"> {
  let items = await codeItems(ctx, workspaceId);
  // Kept: the codes as read, so the caller answers from them without reading again.
  if (!misplaced(items, tagId)) return { kept: items };
  const before = nodeOf(moved.before);
  const back = before.parentId;
  let version = moved.version;
  // Back where it was; but an undo is a move too, and racing moves may have made the old place
  // a loop as well: then (checked like any move) the top level, where no loop can pass.
  for (const parentId of back === null ? [null] : [back, null]) {
    const item = items.find((i) => i.id === tagId);
    // Changed again since (a later move): that change stands, and whoever made it checks it.
    if (!item || item.version !== version) return "undone";
    if (parentId !== null && leadsTo(items, parentId, tagId)) continue;
    const rank =
      parentId === back && typeof moved.before.rank === "number"
        ? before.rank
        : topRank(items) + RANK_STEP;
    const undone = await History.changeItem(ctx, {
      kind: "code",
      item,
      set: { parentId, rank, updatedAt: ctx.now().toISOString() },
      action: "move",
      cause: MOVE_CONFLICT_CAUSE,
    });
    if (!undone.ok || parentId === null) return "undone";
    version++;
    items = await codeItems(ctx, workspaceId);
    if (!misplaced(items, tagId)) return "undone";
  }
  return "undone";
}

function nodesOf(items: Item[]) {
  return items.map(nodeOf);
}

/** Whether the code sits on a loop of parents, or its subtree reaches deeper than allowed. */
function misplaced(items: Item[], tagId: string): boolean {
  const nodes = nodesOf(items);
  if (findCycles(nodes).some((loop) => loop.includes(tagId))) return true;
  const tree = buildTree(nodes);
  return tree.byId.has(tagId) && tree.depth(tagId) + tree.height(tagId) - 1 > MAX_DEPTH;
}

/** Whether walking up from `from` reaches `to` (or loops): `to` under `from` would close a loop. */
function leadsTo(items: Item[], from: string, to: string): boolean {
  const parentOf = new Map(nodesOf(items).map((n) => [n.id, n.parentId]));
  const seen = new Set<string>();
  for (let p: string | null = from; p !== null; p = parentOf.get(p) ?? null) {
    if (p === to || seen.has(p)) return true;
    seen.add(p);
  }
  return false;
}

/** The highest rank at the top level. */
function topRank(items: Item[]): number {
  return Math.max(
    0,
    ...nodesOf(items)
      .filter((n) => n.parentId === null)
      .map((n) => n.rank),
  );
}
