import { GlossError } from "../error/index.ts";
import type { Attribute, AttributeValue, AttributeValues, AttributeValuesInput } from "./schema.ts";

const MAX_TEXT = 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether YYYY-MM-DD names a real day (Date.parse rolls 2024-02-30 over to March). */
function realDay(s: string): boolean {
  const time = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === s;
}

const invalid = (attribute: Attribute, what: string) =>
  new GlossError("invalid", "attribute.invalid_value", `"${attribute.name}" ${what}`);

/** The attribute a key names: its id, else its name (case-insensitive); unknown → 422. */
export function resolve(definitions: Attribute[], key: string): Attribute {
  const found =
    definitions.find((d) => d.id === key) ??
    definitions.find((d) => d.name.toLocaleLowerCase() === key.trim().toLocaleLowerCase());
  if (!found) {
    throw new GlossError(
      "invalid",
      "attribute.unknown",
      `no attribute "${key}" in this workspace; define it first`,
    );
  }
  return found;
}

/** A choice as defined (its spelling), matched ignoring case; null when not a choice. */
function matchChoice(attribute: Attribute, value: string): string | null {
  const wanted = value.trim().toLocaleLowerCase();
  return attribute.choices.find((c) => c.toLocaleLowerCase() === wanted) ?? null;
}

/** Checks one value against its definition and returns it as stored (choices in defined spelling). */
export function checkValue(attribute: Attribute, value: AttributeValue): AttributeValue {
  switch (attribute.type) {
    case "text":
      if (typeof value !== "string") throw invalid(attribute, "takes text");
      if (value.trim().length === 0)
        throw invalid(attribute, "cannot be empty; send null to clear it");
      if (value.length > MAX_TEXT) throw invalid(attribute, `is at most ${MAX_TEXT} characters`);
      return value.trim();
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw invalid(attribute, "takes a number");
      return value;
    case "date":
      if (typeof value !== "string" || !DATE.test(value) || !realDay(value))
        throw invalid(attribute, "takes a real date, YYYY-MM-DD");
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw invalid(attribute, "takes true or false");
      return value;
    case "choice": {
      if (typeof value !== "string") throw invalid(attribute, "takes one of its choices");
      const choice = matchChoice(attribute, value);
      if (!choice)
        throw new GlossError(
          "invalid",
          "attribute.unknown_choice",
          `"${value}" is not a choice of "${attribute.name}" (${attribute.choices.join(", ")})`,
        );
      return choice;
    }
    case "choices": {
      if (!Array.isArray(value)) throw invalid(attribute, "takes a list of its choices");
      const out: string[] = [];
      for (const v of value) {
        const choice = matchChoice(attribute, v);
        if (!choice)
          throw new GlossError(
            "invalid",
            "attribute.unknown_choice",
            `"${v}" is not a choice of "${attribute.name}" (${attribute.choices.join(", ")})`,
          );
        if (!out.includes(choice)) out.push(choice);
      }
      return out;
    }
  }
}

/**
 * Applies a PATCH's values to a document's current ones: keys resolve to attribute ids, values
 * are checked, null (or an empty list) removes. Throws before anything is written.
 */
export function applyValues(
  definitions: Attribute[],
  current: AttributeValues,
  input: AttributeValuesInput,
): AttributeValues {
  const next: AttributeValues = { ...current };
  for (const [key, value] of Object.entries(input)) {
    const attribute = resolve(definitions, key);
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      delete next[attribute.id];
      continue;
    }
    next[attribute.id] = checkValue(attribute, value);
  }
  return next;
}

/**
 * Reads a value written as text (a CSV cell, a query parameter, a REFI variable) for an
 * attribute: numbers as numbers, yes/no/true/false/1/0 as booleans, several choices separated
 * by ";" (the separator the wide CSV export uses). Empty text is null (no value).
 */
export function parseText(attribute: Attribute, text: string): AttributeValue | null {
  const s = text.trim();
  if (s === "") return null;
  switch (attribute.type) {
    case "number": {
      const n = Number(s.replace(/^'/, ""));
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s.replace(/^'/, "")) || !Number.isFinite(n))
        throw invalid(attribute, `takes a number, not "${s}"`);
      return n;
    }
    case "boolean": {
      const lower = s.toLowerCase();
      if (["yes", "true", "1", "y"].includes(lower)) return true;
      if (["no", "false", "0", "n"].includes(lower)) return false;
      throw invalid(attribute, `takes yes or no, not "${s}"`);
    }
    case "choices":
      return s
        .split(";")
        .map((v) => v.trim())
        .filter(Boolean);
    default:
      return s;
  }
}

/** A value as one line of text, for CSV cells, reports and REFI variables. */
export function formatValue(value: AttributeValue | undefined): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.join("; ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/** The values a filter or matrix groups a document under (each choice of several, once). */
export function groupsOf(value: AttributeValue | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  return [formatValue(value)];
}
