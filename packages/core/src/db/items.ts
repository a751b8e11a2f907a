import type { NativeAttributeValue } from "@aws-sdk/lib-dynamodb";

/** An item as the DynamoDB document client returns it. */
export type Item = Record<string, NativeAttributeValue>;

/**
 * Typed readers of a stored item's fields, for the `fromItem` of each entity. A field that is not
 * what its item shape says was written by no code of Gloss: reading on would hand the client
 * `undefined` or a wrong type, so the reader throws (a 500 with the item's field named in the log).
 */
function malformed(name: string, expected: string): Error {
  return new Error(`stored item field "${name}" is not ${expected}`);
}

/** A string field that every item of the entity has. */
export function str(item: Item, name: string): string {
  const value = item[name];
  if (typeof value !== "string") throw malformed(name, "a string");
  return value;
}

/** A string field that older items or some states lack: null when absent or null. */
export function optStr(item: Item, name: string): string | null {
  const value = item[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw malformed(name, "a string");
  return value;
}

/** A number field that every item of the entity has. */
export function num(item: Item, name: string): number {
  const value = item[name];
  if (typeof value !== "number") throw malformed(name, "a number");
  return value;
}

/** A number field that some items lack: null when absent or null. */
export function optNum(item: Item, name: string): number | null {
  const value = item[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number") throw malformed(name, "a number");
  return value;
}

/** A list of strings; an absent list reads as empty (DynamoDB stores no empty sets). */
export function strs(item: Item, name: string): string[] {
  const value = item[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw malformed(name, "a list of strings");
  }
  return value;
}

/** A map of numbers (counters by name); an absent map reads as empty. */
export function numbers(item: Item, name: string): Record<string, number> {
  const value = item[name];
  if (value === undefined || value === null) return {};
  if (
    typeof value !== "object" ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === "number")
  ) {
    throw malformed(name, "a map of numbers");
  }
  return value;
}

/** A string field restricted to the values of its type (a role, an attribute type, …). */
export function oneOf<T extends string>(item: Item, name: string, values: readonly T[]): T {
  const value = item[name];
  const found = values.find((v) => v === value);
  if (found === undefined) throw malformed(name, `one of ${values.join(", ")}`);
  return found;
}
