/**
 * Typed readers of a stored item's attributes, for the `fromItem` of each entity:
 * `str(item.id, "id")` checks the attribute's type and returns it typed, so an item read from
 * DynamoDB needs no cast. A required attribute of the wrong type (a corrupt or foreign item)
 * throws, which the edge answers with a 500; optional ones read as `undefined` when absent or
 * null. Plain `typeof` checks, no schema parse: `fromItem` is on the hot path of exports
 * (hundreds of thousands of rows per export). The caller reads the attribute (`item.id`) and
 * passes its value, so each read site stays a monomorphic property load V8 inlines; a reader
 * that took the item and a name would make every load a megamorphic keyed one (~4x slower
 * measured on 100k annotations).
 */

/** A stored item as the document client returns it. */
export type Item = Record<string, unknown>;

function wrongType(name: string, expected: string): Error {
  return new Error(`stored item: attribute ${name} is not ${expected}`);
}

/** Whether a value is a map (an object that is not an array). */
export function isRecord(value: unknown): value is Item {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string attribute. */
export function str(value: unknown, name: string): string {
  if (typeof value !== "string") throw wrongType(name, "a string");
  return value;
}

/** A string attribute that may be absent or null. */
export function optStr(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw wrongType(name, "a string");
  return value;
}

/** A number attribute. */
export function num(value: unknown, name: string): number {
  if (typeof value !== "number") throw wrongType(name, "a number");
  return value;
}

/** A number attribute that may be absent or null. */
export function optNum(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw wrongType(name, "a number");
  return value;
}

/** A boolean attribute. */
export function bool(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") throw wrongType(name, "a boolean");
  return value;
}

/** A boolean attribute that may be absent or null. */
export function optBool(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw wrongType(name, "a boolean");
  return value;
}

/** A list of strings that may be absent or null. */
export function optStrings(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(name, "a list");
  for (const element of value) {
    if (typeof element !== "string") throw wrongType(name, "a list of strings");
  }
  return value;
}

/** A list of maps that may be absent or null. */
export function optRecords(value: unknown, name: string): Item[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(isRecord)) throw wrongType(name, "a list of maps");
  return value;
}

/** A map attribute that may be absent or null. */
export function optRecord(value: unknown, name: string): Item | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw wrongType(name, "a map");
  return value;
}

/** A map attribute. */
export function record(value: unknown, name: string): Item {
  if (!isRecord(value)) throw wrongType(name, "a map");
  return value;
}

/** A string attribute that is one of `values` (an enum), or undefined when absent or null. */
export function optOneOf<const T extends string>(
  value: unknown,
  name: string,
  values: readonly T[],
): T | undefined {
  if (value === undefined || value === null) return undefined;
  for (const known of values) if (known === value) return known;
  throw wrongType(name, `one of ${values.join(", ")}`);
}

/** A string attribute that is one of `values` (an enum). */
export function oneOf<const T extends string>(
  value: unknown,
  name: string,
  values: readonly T[],
): T {
  const known = optOneOf(value, name, values);
  if (known === undefined) throw wrongType(name, `one of ${values.join(", ")}`);
  return known;
}

/** The table key of a stored item. */
export function keyOf(item: Item): { pk: string; sk: string } {
  return { pk: str(item.pk, "pk"), sk: str(item.sk, "sk") };
}
