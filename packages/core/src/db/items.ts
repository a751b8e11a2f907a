import type { NativeAttributeValue } from "@aws-sdk/lib-dynamodb";
import * as Fields from "./fields.ts";

/** An item as the DynamoDB document client returns it. */
export type Item = Record<string, NativeAttributeValue>;

/**
 * The readers of `fields.ts` by attribute name, for entities read a few at a time (codes,
 * members, tokens, attributes): `str(item, "label")` reads and checks `item.label`. The checks are
 * the ones `fields.ts` makes; hot paths (annotations in an export) call those directly, since a
 * read by name is a megamorphic keyed load. Absent optional fields read as null here (the entity
 * types of these modules use null), absent lists and maps as empty.
 */

/** A string field that every item of the entity has. */
export function str(item: Item, name: string): string {
  return Fields.str(item[name], name);
}

/** A string field that older items or some states lack: null when absent or null. */
export function optStr(item: Item, name: string): string | null {
  return Fields.optStr(item[name], name) ?? null;
}

/** A number field that every item of the entity has. */
export function num(item: Item, name: string): number {
  return Fields.num(item[name], name);
}

/** A number field that some items lack: null when absent or null. */
export function optNum(item: Item, name: string): number | null {
  return Fields.optNum(item[name], name) ?? null;
}

/** A list of strings; an absent list reads as empty (DynamoDB stores no empty sets). */
export function strs(item: Item, name: string): string[] {
  return Fields.optStrings(item[name], name) ?? [];
}

/** A map of numbers (counters by name); an absent map reads as empty. */
export function numbers(item: Item, name: string): Record<string, number> {
  const map = Fields.optRecord(item[name], name) ?? {};
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(map)) counts[key] = Fields.num(value, `${name}.${key}`);
  return counts;
}

/** A string field restricted to the values of its type (a role, an attribute type, …). */
export function oneOf<const T extends string>(item: Item, name: string, values: readonly T[]): T {
  return Fields.oneOf(item[name], name, values);
}
