import type { Context } from "../context/index.ts";
import { prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";

/**
 * The stored code items of a workspace (Query `WS#<id>`, `TAG#` prefix), read strongly
 * consistent: a move checks the tree it is about to change and the tree it has just changed, and
 * a racing move's write must be visible to that check. A codebook is a few KB, so the doubled
 * read cost is nothing.
 */
export async function codeItems(
  ctx: Context,
  workspaceId: string,
): Promise<Record<string, unknown>[]> {
  return queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.tag],
    consistent: true,
  });
}
