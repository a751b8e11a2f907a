import type { AttributeDefinition, AttributeValue } from "./api.ts";

// Same rules, kept in two places on purpose: this is core's parseText and formatValue
// (packages/core/src/attribute/values.ts) for the browser, because importing core's attribute
// module brings its storage code and the AWS SDK into the bundle (about 300 kB). The two are held
// equal by tests/web/attribute-text.test.ts, on a table and on generated input.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const YES = ["yes", "true", "1", "y"];
const NO = ["no", "false", "0", "n"];

const invalid = (attribute: AttributeDefinition, what: string) =>
  new Error(`"${attribute.name}" ${what}`);

/**
 * Reads what a person typed or picked for an attribute as the server reads text (core's
 * parseText, copied for the reason above): numbers (a spreadsheet's leading ' ignored),
 * yes/no/true/false/1/0/y/n as booleans, several choices separated by ";". Empty text is null,
 * which clears; anything else unreadable throws words.
 */
export function parseInput(attribute: AttributeDefinition, text: string): AttributeValue | null {
  const s = text.trim();
  if (s === "") return null;
  switch (attribute.type) {
    case "number": {
      const digits = s.replace(/^'/, "");
      const n = Number(digits);
      if (!NUMBER.test(digits) || !Number.isFinite(n))
        throw invalid(attribute, `takes a number, not "${s}"`);
      return n;
    }
    case "boolean": {
      const lower = s.toLowerCase();
      if (YES.includes(lower)) return true;
      if (NO.includes(lower)) return false;
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

/** A value as one line of text ("yes"/"no", choices joined by "; "). */
export function formatValue(value: AttributeValue | undefined): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.join("; ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}
