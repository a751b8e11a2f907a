import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Annotation, ImportedCreator } from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { keys } from "../db/keys.ts";
import { contextOf } from "../text/index.ts";

/** A passage an import writes: already placed, checked against the text and within limits. */
export interface ImportedPassage {
  id: string;
  start: number;
  end: number;
  tags: string[];
  note: string;
  createdBy: string;
  /** The project's User who made it (attribution; `createdBy` stays who owns it). */
  importedCreator?: ImportedCreator | undefined;
}

/**
 * Writes an imported document's passages 25 to a request (BatchWriteItem) instead of one
 * annotation create after another: a create costs a document read, a codebook query, a put and a
 * counter update, which made a 300-passage source take 34 s. The checks a create makes are made
 * before: each quote is cut from the stored text, codes come from the codebook the import has just
 * written, lengths and counts are within Gloss's limits. Puts by derived id make a resumed import
 * write the same items; the document's counters are then set, not added to, for the same reason.
 */
export async function writePassages(
  ctx: Context,
  workspaceId: string,
  document: { id: string; textVersion: number },
  text: string,
  passages: ImportedPassage[],
): Promise<void> {
  const now = ctx.now().toISOString();
  const annotations: Annotation[] = passages.map((p) => ({
    id: p.id,
    workspaceId,
    documentId: document.id,
    start: p.start,
    end: p.end,
    exact: text.slice(p.start, p.end),
    ...contextOf(text, p.start, p.end),
    tags: p.tags,
    note: p.note,
    status: "anchored",
    textVersion: document.textVersion,
    createdBy: p.createdBy,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...(p.importedCreator ? { importedCreator: p.importedCreator } : {}),
  }));
  await batchWrite(
    ctx,
    annotations.map((a) => ({
      PutRequest: {
        Item: {
          ...keys.annotation(workspaceId, a.id),
          ...keys.annotationIndex(a),
          type: "annotation",
          ...a,
        },
      },
    })),
  );
  const tagCounts: Record<string, number> = {};
  for (const a of annotations) for (const t of a.tags) tagCounts[t] = (tagCounts[t] ?? 0) + 1;
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.document(workspaceId, document.id),
        UpdateExpression: "SET annotationCount = :n, tagCounts = :tags",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":n": annotations.length, ":tags": tagCounts },
      }),
    );
  } catch (error) {
    // Deleted meanwhile: never recreate it as a half item.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
