import * as Attribute from "../attribute/index.ts";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { keys } from "../db/keys.ts";
import { isGlossError } from "../error/index.ts";
import { invalid, unique } from "./invalid.ts";
import type { Backup, BackupAttribute } from "./schema.ts";

/**
 * Checks a backup's attribute definitions as the API would have made them (distinct ids and
 * names, choices exactly for choice attributes) and every document's values against them: an
 * unknown attribute or a value of the wrong kind refuses the backup. Returns the values to store,
 * by the backup's document id, as `PATCH` would store them (an empty list is no value).
 */
export function checkAttributes(backup: Backup): Map<string, Attribute.AttributeValues> {
  const definitions = backup.attributes ?? [];
  unique("attribute", definitions);
  const names = new Set<string>();
  for (const a of definitions) {
    const name = a.name.toLocaleLowerCase();
    if (names.has(name))
      throw invalid("duplicate_name", `attribute name "${a.name}" appears twice`);
    names.add(name);
    const takesChoices = a.type === "choice" || a.type === "choices";
    const distinct = new Set(a.choices.map((c) => c.toLocaleLowerCase())).size;
    if (takesChoices !== a.choices.length > 0 || distinct !== a.choices.length) {
      throw invalid(
        "attribute_choices",
        `attribute ${a.id}: a choice attribute has distinct choices, any other none`,
      );
    }
  }
  const byId = new Map<string, Attribute.Attribute>(definitions.map((a) => [a.id, a]));
  const values = new Map<string, Attribute.AttributeValues>();
  for (const d of backup.documents) {
    const checked: Attribute.AttributeValues = {};
    for (const [id, value] of Object.entries(d.attributes ?? {})) {
      const definition = byId.get(id);
      if (!definition) {
        throw invalid(
          "unknown_attribute",
          `document ${d.id}: attribute ${id} is not defined in the backup's attributes`,
        );
      }
      if (Array.isArray(value) && value.length === 0) continue;
      try {
        checked[id] = Attribute.checkValue(definition, value);
      } catch (error) {
        if (!isGlossError(error)) throw error;
        throw invalid("attribute_value", `document ${d.id}: ${error.message}`);
      }
    }
    values.set(d.id, checked);
  }
  return values;
}

/**
 * The backup's attribute definitions in place of the workspace's, like the codebook; a backup
 * from before attributes (none listed) leaves the workspace's alone.
 */
export async function restoreAttributes(
  ctx: Context,
  workspaceId: string,
  attributes: BackupAttribute[] | undefined,
): Promise<void> {
  if (!attributes) return;
  const definitions = new Set(attributes.map((a) => a.id));
  const present = await Attribute.list(ctx, workspaceId);
  await batchWrite(
    ctx,
    // Through the attribute module's item, times and version kept (`create` would set them anew).
    attributes.map((a) => ({ PutRequest: { Item: Attribute.toItem(workspaceId, a) } })),
  );
  await batchWrite(
    ctx,
    present
      .filter((a) => !definitions.has(a.id))
      .map((a) => ({ DeleteRequest: { Key: keys.attribute(workspaceId, a.id) } })),
  );
}
