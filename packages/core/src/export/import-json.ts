/**
 * Reading untyped JSON-LD: the guards and IRI helpers every import mapper shares. Contract: pure,
 * never throws; a value of the wrong shape reads as absent.
 */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const asArray = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

export const isString = (value: unknown): value is string => typeof value === "string";

export const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** An IRI given as a string or as `{ id }`. */
export const iriOf = (value: unknown): string | null =>
  typeof value === "string"
    ? value
    : isObject(value) && typeof value.id === "string"
      ? value.id
      : null;

/** The last path segment of an IRI after `/<collection>/`, decoded. */
export function segmentAfter(iri: string, collection: string): string | null {
  const match = new RegExp(`/${collection}/([^/?#]+)/?(?:[?#].*)?$`).exec(iri);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
