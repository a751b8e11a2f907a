import type { Context } from "../context/index.ts";
import { openBlindRoundsOf } from "./round.ts";

/** What visibility is decided on: whose passage, on which document. */
export interface Authored {
  documentId: string;
  createdBy: string;
}

/**
 * Whether `userId` may see a passage while blind rounds are open: a coder of an open blind round
 * sees only their own passages on that round's documents; everything else is unaffected. One
 * Query of the workspace's rounds per call, so call it once per request, not per passage.
 */
export async function visibleTo(
  ctx: Context,
  workspaceId: string,
  userId: string,
): Promise<(passage: Authored) => boolean> {
  const blinded = new Set<string>();
  for (const round of await openBlindRoundsOf(ctx, workspaceId, userId)) {
    for (const documentId of round.documentIds) blinded.add(documentId);
  }
  if (blinded.size === 0) return () => true;
  return (p) => !blinded.has(p.documentId) || p.createdBy === userId;
}
