import { z } from "zod";
import { GlossError } from "../error/index.ts";
import type { Attribute, AttributeValues } from "./schema.ts";
import { groupsOf, parseText, resolve } from "./values.ts";

/** The query parameter prefix of an attribute filter: `?attr.country=Cambodia`. */
export const FILTER_PREFIX = "attr.";

/** One criterion: a document passes when its value is any of `values`. */
export interface AttributeCriterion {
  attributeId: string;
  values: string[];
}

/** Raw `attr.<id or name>` parameters, as the query holds them (before definitions are read). */
export type AttributeQuery = Record<string, string>;

/** The `attr.*` parameters of a query, by the attribute key after the prefix. */
export function attributeQueryOf(query: Record<string, unknown>): AttributeQuery {
  const out: AttributeQuery = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith(FILTER_PREFIX) && typeof value === "string") {
      out[key.slice(FILTER_PREFIX.length)] = value;
    }
  }
  return out;
}

/**
 * Resolves `attr.<id or name>=<v1>,<v2>` parameters against the definitions: each value must be
 * one a document could hold (a defined choice, a number, yes/no, a date or a year), else 422, so
 * a typo never silently filters everything out.
 */
export function parseFilter(definitions: Attribute[], query: AttributeQuery): AttributeCriterion[] {
  return Object.entries(query).map(([key, raw]) => {
    const attribute = resolve(definitions, key);
    const values = raw
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) {
      throw new GlossError(
        "invalid",
        "attribute.empty_filter",
        `attr.${key} needs a value (several: comma-separated)`,
      );
    }
    return { attributeId: attribute.id, values: values.map((v) => canonical(attribute, v)) };
  });
}

/** A filter value in the form `groupsOf` gives document values, so they compare as strings. */
function canonical(attribute: Attribute, text: string): string {
  switch (attribute.type) {
    case "choice":
    case "choices": {
      const found = attribute.choices.find(
        (c) => c.toLocaleLowerCase() === text.toLocaleLowerCase(),
      );
      if (!found) {
        throw new GlossError(
          "invalid",
          "attribute.unknown_choice",
          `"${text}" is not a choice of "${attribute.name}" (${attribute.choices.join(", ")})`,
        );
      }
      return found;
    }
    case "boolean":
      return parseText(attribute, text) ? "yes" : "no";
    case "number":
      return String(parseText(attribute, text));
    case "date":
      if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(text)) {
        throw new GlossError(
          "invalid",
          "attribute.invalid_value",
          `attr.${attribute.id} takes a date as YYYY, YYYY-MM or YYYY-MM-DD`,
        );
      }
      return text;
    default:
      return text;
  }
}

/** Whether a document's values pass every criterion (text ignores case, dates match by prefix). */
export function matches(
  definitions: Attribute[],
  criteria: AttributeCriterion[],
  values: AttributeValues,
): boolean {
  return criteria.every(({ attributeId, values: wanted }) => {
    const held = groupsOf(values[attributeId]);
    const type = definitions.find((d) => d.id === attributeId)?.type;
    return held.some((h) =>
      wanted.some((w) =>
        type === "date"
          ? h.startsWith(w)
          : type === "text"
            ? h.toLocaleLowerCase() === w.toLocaleLowerCase()
            : h === w,
      ),
    );
  });
}

/**
 * A strict query schema that also takes `attr.<id or name>` parameters: any other unknown
 * parameter is still refused (a misspelt filter must not be dropped silently). The values are
 * checked against the workspace's definitions later, by `parseFilter`.
 */
export function withAttributeFilter<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  return schema
    .catchall(
      z
        .string()
        .max(1000)
        .describe(
          "attr.<attribute id or name>: documents with any of these values (comma-separated)",
        ),
    )
    .superRefine((query, ctx) => {
      const unknown = Object.keys(query).filter(
        (key) => !(key in schema.shape) && !key.startsWith(FILTER_PREFIX),
      );
      if (unknown.length) ctx.addIssue({ code: "unrecognized_keys", keys: unknown, input: query });
    });
}
