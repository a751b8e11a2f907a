import { findCycles } from "../codebook/cycles.ts";
import * as Codebook from "../codebook/index.ts";
import { MAX_DEPTH } from "../codebook/schema.ts";
import { buildTree, RANK_STEP } from "../codebook/tree.ts";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { keys } from "../db/keys.ts";
import { invalid } from "./invalid.ts";
import type { BackupTag } from "./schema.ts";

/** Where a restored code is stored in the tree. */
export interface CodePlacement {
  parentId: string | null;
  rank: number;
}

/** Sibling order of a backup: by position (a code without one last), then by id. */
function bySiblingOrder(a: BackupTag, b: BackupTag): number {
  const pa = a.position ?? Number.POSITIVE_INFINITY;
  const pb = b.position ?? Number.POSITIVE_INFINITY;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The parent and rank each code of a backup is restored with, checked as a move is: every parent
 * a code of the backup, no loop, at most `MAX_DEPTH` levels. Ranks are `RANK_STEP` apart among
 * siblings, in the backup's order, so `GET /tags` gives back the same positions.
 *
 * Null for a backup written before the code tree (no code has `parentId` or `position`): its codes
 * are stored without either, as then, and the codebook's migration places them on first read.
 */
export function placeCodes(codebook: BackupTag[]): Map<string, CodePlacement> | null {
  if (!codebook.some((t) => t.parentId !== undefined || t.position !== undefined)) return null;
  const ids = new Set(codebook.map((t) => t.id));
  for (const tag of codebook) {
    if (tag.parentId != null && !ids.has(tag.parentId)) {
      throw invalid(
        "unknown_parent",
        `code ${tag.id}: its parent ${tag.parentId} is not a code of the backup`,
      );
    }
  }
  const nodes = codebook.map((t) => ({ id: t.id, label: t.label, parentId: t.parentId ?? null }));
  const [cycle] = findCycles(nodes);
  if (cycle) {
    throw invalid("code_cycle", `codes ${cycle.join(" → ")} are nested inside each other`);
  }
  const tree = buildTree(nodes.map((n) => ({ ...n, rank: 0 })));
  const deep = codebook.find((t) => tree.depth(t.id) > MAX_DEPTH);
  if (deep) {
    throw invalid(
      "code_depth",
      `code ${deep.id} is ${tree.depth(deep.id)} levels deep; the codebook is at most ${MAX_DEPTH}`,
    );
  }
  const siblings = new Map<string | null, BackupTag[]>();
  for (const tag of codebook) {
    const parentId = tag.parentId ?? null;
    siblings.set(parentId, [...(siblings.get(parentId) ?? []), tag]);
  }
  const placements = new Map<string, CodePlacement>();
  for (const [parentId, list] of siblings) {
    list.sort(bySiblingOrder);
    for (const [i, tag] of list.entries()) {
      placements.set(tag.id, { parentId, rank: (i + 1) * RANK_STEP });
    }
  }
  return placements;
}

/**
 * The backup's codebook, label, colour, description and place in the tree included, in place of
 * the workspace's (an empty workspace has only its seeded defaults). Not `Codebook`'s `toItem`:
 * that writes a new code at version 1 with a rank, and a restored code keeps its version and,
 * from a backup before the tree, has no rank.
 */
export async function restoreCodes(
  ctx: Context,
  workspaceId: string,
  codebook: BackupTag[],
  placements: Map<string, CodePlacement> | null,
): Promise<void> {
  const existing = await Codebook.list(ctx, workspaceId);
  const kept = new Set(codebook.map((t) => t.id));
  await batchWrite(
    ctx,
    codebook.map(({ parentId: _parentId, position: _position, ...tag }) => ({
      PutRequest: {
        Item: {
          ...keys.tag(workspaceId, tag.id),
          type: "tag",
          workspaceId,
          ...tag,
          ...placements?.get(tag.id),
        },
      },
    })),
  );
  await batchWrite(
    ctx,
    existing
      .filter((t) => !kept.has(t.id))
      .map((t) => ({ DeleteRequest: { Key: keys.tag(workspaceId, t.id) } })),
  );
}
