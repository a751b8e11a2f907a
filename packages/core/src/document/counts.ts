import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { documentAnnotationsPk, keys, prefixes } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";

/**
 * A document's annotation counters (`annotationCount`, `tagCounts`): display data kept beside the
 * passages. Exports and findings count passages themselves, so a counter may lag; it must not
 * stay wrong after a retry, which is what `recount` is for.
 */

/**
 * Adds to a document's annotation counters (atomic increments, so concurrent writers never lose a
 * count). Called after the annotation write it reflects; a crash in between leaves a count off by
 * one, which is display data only: exports and findings count annotations themselves.
 */
export async function adjustCounts(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  change: { total: number; tags: Record<string, number> },
): Promise<void> {
  const tags = Object.entries(change.tags).filter(([, delta]) => delta !== 0);
  if (change.total === 0 && tags.length === 0) return;
  const sets = ["annotationCount = if_not_exists(annotationCount, :zero) + :total"];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":zero": 0, ":total": change.total };
  tags.forEach(([tag, delta], i) => {
    names[`#t${i}`] = tag;
    values[`:d${i}`] = delta;
    sets.push(`tagCounts.#t${i} = if_not_exists(tagCounts.#t${i}, :zero) + :d${i}`);
  });
  // Never recreate a document deleted meanwhile as a half item: a refused write is no count.
  await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: values,
      ...(tags.length ? { ExpressionAttributeNames: names } : {}),
    }),
  );
}

/** A passage as the counters see it. */
export interface CountedPassage {
  id: string;
  tags: readonly string[];
}

/**
 * Sets a document's counters to what its passages are. For a bulk write resumed after a crash,
 * which cannot know whether the interrupted run counted the writes it had landed (adding again
 * would count twice, not adding may count none).
 *
 * The passages are read from the document's index, which may not show the newest writes yet, and
 * joined with `known`: passages the caller has itself just read or written, which win over the
 * index. A count added by another writer between the read and this write is lost; that is the
 * price of a repair that runs only on a retry, and the counters are display data.
 */
export async function recount(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  known: readonly CountedPassage[],
): Promise<void> {
  const passages = new Map<string, readonly string[]>();
  const indexed = await queryAll(ctx, {
    index: "gsi1",
    partition: ["gsi1pk", documentAnnotationsPk(documentId)],
    beginsWith: ["gsi1sk", prefixes.annotation],
  });
  for (const item of indexed) {
    if (item.workspaceId !== workspaceId) continue;
    passages.set(String(item.id), Array.isArray(item.tags) ? item.tags.map(String) : []);
  }
  for (const passage of known) passages.set(passage.id, passage.tags);
  const tagCounts: Record<string, number> = {};
  for (const tags of passages.values()) {
    for (const tag of tags) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
  }
  await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression: "SET annotationCount = :total, tagCounts = :tags",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":total": passages.size, ":tags": tagCounts },
    }),
  );
}
