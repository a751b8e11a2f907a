import type { Context } from "../context/index.ts";
import { type BlindRule, visiblePassagesOf } from "./blind.ts";

/** Where a passage the caller sees was before a new text version. */
interface Placed {
  start: number;
  end: number;
  exact: string;
  status: "anchored" | "orphaned";
}

/** What a new version did to the passages the caller sees (the shape of `ReanchorCounts`). */
export interface VisibleReanchorCounts {
  total: number;
  unchanged: number;
  moved: number;
  orphaned: number;
}

async function visibleOn(
  ctx: Context,
  workspaceId: string,
  rule: BlindRule,
  documentId: string,
): Promise<Map<string, Placed>> {
  const placed = new Map<string, Placed>();
  for (const a of await visiblePassagesOf(ctx, workspaceId, rule, documentId)) {
    placed.set(a.id, { start: a.start, end: a.end, exact: a.exact, status: a.status });
  }
  return placed;
}

/**
 * Before a new version of a document blinded for the caller: the placements of the passages they
 * see, so the version's reply can count only those (its own counts cover everyone's passages,
 * which would tell a coder how many the others made). Null when the document is not blinded.
 */
export async function visiblePlacementsBefore(
  ctx: Context,
  workspaceId: string,
  rule: BlindRule,
  documentId: string,
): Promise<Map<string, Placed> | null> {
  if (!rule.blinded.has(documentId)) return null;
  return visibleOn(ctx, workspaceId, rule, documentId);
}

/**
 * After the version: what it did to the passages seen before, counted as re-anchoring counts them
 * (orphaned: no confident place on the new text; unchanged: same offsets and quote, and it was
 * anchored; moved: any other placement).
 */
export async function visibleReanchorCounts(
  ctx: Context,
  workspaceId: string,
  rule: BlindRule,
  documentId: string,
  before: Map<string, Placed>,
): Promise<VisibleReanchorCounts> {
  const after = await visibleOn(ctx, workspaceId, rule, documentId);
  const counts: VisibleReanchorCounts = { total: 0, unchanged: 0, moved: 0, orphaned: 0 };
  for (const [id, was] of before) {
    const now = after.get(id);
    if (!now) continue;
    counts.total++;
    if (now.status === "orphaned") counts.orphaned++;
    else if (
      was.status === "anchored" &&
      now.start === was.start &&
      now.end === was.end &&
      now.exact === was.exact
    )
      counts.unchanged++;
    else counts.moved++;
  }
  return counts;
}
