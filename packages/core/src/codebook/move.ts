import type { Context } from "../context/index.ts";
import * as History from "../history/index.ts";
import { findCycles } from "./cycles.ts";
import { codeItems } from "./items.ts";
import { MAX_DEPTH } from "./schema.ts";
import { buildTree } from "./tree.ts";

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
 * `code.move_conflict`, conditional on the version it wrote) and answers 409. When both checks
 * see it, both undo, and both callers retry on a tree they can see. A mover that crashes before
 * its check leaves the loop to `repairCycles` on the next read.
 */
export async function confirmMove(
  ctx: Context,
  workspaceId: string,
  tagId: string,
  moved: { version: number; before: Record<string, unknown> },
): Promise<"kept" | "undone"> {
  const items = await codeItems(ctx, workspaceId);
  const nodes = items.map((item) => ({
    id: item.id as string,
    label: item.label as string,
    parentId: (item.parentId as string | null | undefined) ?? null,
    rank: typeof item.rank === "number" ? item.rank : 0,
  }));
  const inLoop = findCycles(nodes).some((loop) => loop.includes(tagId));
  const tree = buildTree(nodes);
  const tooDeep = tree.byId.has(tagId) && tree.depth(tagId) + tree.height(tagId) - 1 > MAX_DEPTH;
  if (!inLoop && !tooDeep) return "kept";
  const item = items.find((i) => i.id === tagId);
  // Changed again since (by a later move or a repair): that change stands, and it is checked by
  // whoever made it.
  if (item && item.version === moved.version) {
    await History.changeItem(ctx, {
      kind: "code",
      item,
      set: {
        parentId: (moved.before.parentId as string | null | undefined) ?? null,
        rank: typeof moved.before.rank === "number" ? moved.before.rank : 0,
        updatedAt: ctx.now().toISOString(),
      },
      action: "move",
      cause: MOVE_CONFLICT_CAUSE,
    });
  }
  return "undone";
}
