import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { annotationLinksPk, prefixes } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";

/**
 * Deletes every link with one of these annotations at either end (Query GSI1 and GSI2 per
 * annotation). Kept apart from the rest of the link module, which reads annotations and
 * documents, so that deleting those can call it without an import cycle.
 */
export async function removeLinksOf(
  ctx: Context,
  workspaceId: string,
  annotationIds: string[],
): Promise<void> {
  const deletes = new Map<string, { pk: string; sk: string }>();
  for (const annotationId of annotationIds) {
    const ends = await Promise.all([
      queryAll(ctx, {
        index: "gsi1",
        partition: ["gsi1pk", annotationLinksPk(annotationId)],
        beginsWith: ["gsi1sk", prefixes.link],
      }),
      queryAll(ctx, {
        index: "gsi2",
        partition: ["gsi2pk", annotationLinksPk(annotationId)],
        beginsWith: ["gsi2sk", prefixes.link],
      }),
    ]);
    for (const item of ends.flat()) {
      if (item.workspaceId === workspaceId)
        deletes.set(item.sk as string, { pk: item.pk as string, sk: item.sk as string });
    }
  }
  await batchWrite(
    ctx,
    [...deletes.values()].map((Key) => ({ DeleteRequest: { Key } })),
  );
}
