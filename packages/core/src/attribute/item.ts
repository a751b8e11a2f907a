import { type Item, num, oneOf, optStr, str, strs } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { type Attribute, AttributeType } from "./schema.ts";

/**
 * An attribute definition as stored (`WS#<ws>` / `ATTR#<id>`): the entity's fields, except that
 * the item's `type` is "attribute" like every item's, so the value kind is kept as `valueType`.
 */
export function toItem(workspaceId: string, attribute: Attribute): Item {
  const { type: valueType, ...rest } = attribute;
  return {
    ...keys.attribute(workspaceId, attribute.id),
    type: "attribute",
    workspaceId,
    ...rest,
    valueType,
  };
}

/** The stored shape of an attribute definition, parsed. */
export function fromItem(item: Item): Attribute {
  return {
    id: str(item, "id"),
    name: str(item, "name"),
    description: optStr(item, "description") ?? "",
    type: oneOf(item, "valueType", AttributeType.options),
    choices: strs(item, "choices"),
    createdAt: str(item, "createdAt"),
    updatedAt: str(item, "updatedAt"),
    version: num(item, "version"),
  };
}
