import type { Context } from "../context/index.ts";
import type { Item } from "../db/items.ts";
import * as History from "../history/index.ts";
import { findCycles } from "./cycles.ts";
import { nodeOf } from "./item.ts";
import { RANK_STEP } from "./tree.ts";

/** The history cause of a code taken out of a loop of parents. */
export const CYCLE_REPAIR_CAUSE = "code.cycle_repair";

/**
 * A loop is repaired only once every code on it has been unchanged this long: a mover checks its
 * own move right after writing it and undoes it if need be, and a reader must not break the loop
 * first in another way (it could undo the other move, which already answered 200). As long as
 * history's put lease, a request's worst case; meanwhile the tree shows the loop's codes at the
 * top level, so nothing is out of reach.
 */
export const REPAIR_AFTER_MS = 30_000;

/**
 * Breaks every loop of parents among stored codes, deterministically, so every reader that finds
 * the same loop makes the same repair: the code on the loop changed last (`updatedAt`, then the
 * larger id) goes to the top level, last among the top codes. Each repair is a recorded move
 * (cause `code.cycle_repair`), conditional on the version read, so two readers repairing at once
 * land it once. A move checks its own result and undoes itself (see `confirmMove`), so a loop is
 * left only when a mover crashed between its write and that check. Returns whether anything was
 * written.
 */
export async function repairCycles(ctx: Context, items: Item[]): Promise<boolean> {
  const nodes = items.map(nodeOf);
  const byId = new Map(items.map((item, i) => [nodes[i]!.id, item]));
  const cycles = findCycles(nodes);
  const now = ctx.now().getTime();
  const settled = (id: string) =>
    now - (Date.parse(String(byId.get(id)?.updatedAt ?? "")) || 0) >= REPAIR_AFTER_MS;
  const stale = cycles.filter((cycle) => cycle.every(settled));
  if (stale.length === 0) return false;
  let top = Math.max(
    0,
    ...nodes.filter((n) => n.parentId === null || !byId.has(n.parentId)).map((n) => n.rank),
  );
  for (const cycle of stale) {
    const loser = cycle
      .map((id) => byId.get(id)!)
      .sort(
        (a, b) =>
          String(b.updatedAt ?? "").localeCompare(String(a.updatedAt ?? "")) ||
          String(b.id).localeCompare(String(a.id)),
      )[0]!;
    top += RANK_STEP;
    await History.changeItem(ctx, {
      kind: "code",
      item: loser,
      set: { parentId: null, rank: top, updatedAt: ctx.now().toISOString() },
      action: "move",
      cause: CYCLE_REPAIR_CAUSE,
    });
  }
  return true;
}
