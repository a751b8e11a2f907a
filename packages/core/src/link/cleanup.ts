import type { NativeAttributeValue } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { keyOf } from "../db/fields.ts";
import { annotationLinksPk, prefixes } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";

/**
 * Link items with this annotation at either end, of this workspace (Query GSI1 `ANN#<id>` for
 * links from it and GSI2 `ANN#<id>` for links to it). Kept apart from the rest of the link
 * module, which reads annotations and documents, so that deleting those can use it without an
 * import cycle.
 */
export async function linkItemsOf(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
): Promise<Array<Record<string, NativeAttributeValue>>> {
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
  return ends.flat().filter((item) => item.workspaceId === workspaceId);
}

/** Deletes every link with one of these annotations at either end. */
export async function removeLinksOf(
  ctx: Context,
  workspaceId: string,
  annotationIds: string[],
): Promise<void> {
  const deletes = new Map<string, { pk: string; sk: string }>();
  for (const annotationId of annotationIds) {
    for (const item of await linkItemsOf(ctx, workspaceId, annotationId)) {
      const key = keyOf(item);
      deletes.set(key.sk, key);
    }
  }
  await batchWrite(
    ctx,
    [...deletes.values()].map((Key) => ({ DeleteRequest: { Key } })),
  );
}
