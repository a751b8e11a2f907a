import * as Attribute from "../attribute/attribute.ts";
import { applyValues } from "../attribute/values.ts";
import type { Context } from "../context/index.ts";
import { get, update } from "./document.ts";
import type { Document, UpdateDocumentInput } from "./schema.ts";

/**
 * A document's metadata PATCH: title, source URL, date, author, language and attribute values, in
 * one version-checked write. Attribute values are checked against the workspace's definitions
 * (unknown attribute, wrong type, unknown choice → 422) before anything is written; the new set
 * is the current one with the given values changed, so concurrent edits meet the version check.
 */
export async function updateMetadata(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  input: UpdateDocumentInput,
): Promise<Document> {
  const { attributes, ...fields } = input;
  if (attributes === undefined) return update(ctx, workspaceId, documentId, fields);
  const [definitions, current] = await Promise.all([
    Attribute.list(ctx, workspaceId),
    get(ctx, workspaceId, documentId),
  ]);
  const next = applyValues(definitions, current.attributes, attributes);
  return update(ctx, workspaceId, documentId, { ...fields, attributes: next });
}
