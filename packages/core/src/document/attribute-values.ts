import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { AttributeValues } from "../attribute/schema.ts";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { attributesOf, idOf } from "./item.ts";

/** Every document's attribute values, by document id (a document with none is left out). */
export async function valuesOfWorkspace(
  ctx: Context,
  workspaceId: string,
): Promise<Map<string, AttributeValues>> {
  // Documents of a workspace (a bounded Query, as the library lists them), not their annotations.
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.document],
  });
  const out = new Map<string, AttributeValues>();
  for (const item of items) {
    const values = attributesOf(item);
    if (Object.keys(values).length) out.set(idOf(item), values);
  }
  return out;
}

/** How one attribute is used: by how many documents, and which values (as text) they hold. */
export async function usageOf(
  ctx: Context,
  workspaceId: string,
  attributeId: string,
): Promise<{ documents: string[]; values: Set<string> }> {
  const documents: string[] = [];
  const values = new Set<string>();
  for (const [id, held] of await valuesOfWorkspace(ctx, workspaceId)) {
    const value = held[attributeId];
    if (value === undefined) continue;
    documents.push(id);
    for (const v of Array.isArray(value) ? value : [String(value)]) values.add(v);
  }
  return { documents, values };
}

/**
 * Removes one attribute's value from the given documents, one conditional update each (no
 * transactions): repeatable, a document deleted meanwhile is skipped. Each changed document's
 * version goes up, so a reader holding the old values gets 409 on its next PATCH.
 */
export async function removeValues(
  ctx: Context,
  workspaceId: string,
  attributeId: string,
  documentIds: string[],
): Promise<number> {
  let changed = 0;
  for (const documentId of documentIds) {
    // A document deleted meanwhile, or without this value, is skipped.
    const removed = await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.document(workspaceId, documentId),
        UpdateExpression: "REMOVE #attributes.#id SET version = version + :one, updatedAt = :now",
        ConditionExpression: "attribute_exists(#attributes.#id)",
        ExpressionAttributeNames: { "#attributes": "attributes", "#id": attributeId },
        ExpressionAttributeValues: { ":one": 1, ":now": ctx.now().toISOString() },
      }),
    );
    if (removed) changed++;
  }
  return changed;
}
