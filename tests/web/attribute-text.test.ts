import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  Attribute,
  AttributeType,
  AttributeValue,
} from "../../packages/core/src/attribute/schema.ts";
import { formatValue as coreFormat, parseText } from "../../packages/core/src/attribute/values.ts";
import {
  parseInput,
  formatValue as webFormat,
} from "../../packages/web/src/features/attributes/text.ts";

// The web reads typed attribute values with its own copy of core's text rules (core's module would
// bring the AWS SDK into the bundle): the two must agree on every input, values and refusals alike.

const TYPES: AttributeType[] = ["text", "number", "date", "boolean", "choice", "choices"];

const attribute = (type: AttributeType): Attribute => ({
  id: "a",
  name: "Year",
  description: "",
  type,
  choices: ["NGO", "UN body"],
  createdAt: "",
  updatedAt: "",
  version: 1,
});

/** What reading gives: the value, or the words of the refusal. */
function outcome(read: () => AttributeValue | null) {
  try {
    return { value: read() };
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

const both = (type: AttributeType, text: string) => ({
  web: outcome(() => parseInput(attribute(type), text)),
  core: outcome(() => parseText(attribute(type), text)),
});

describe("the web's reading of typed attribute values", () => {
  it.each([
    ["boolean", "yes", true],
    ["boolean", " No ", false],
    ["boolean", "TRUE", true],
    ["boolean", "0", false],
    ["boolean", "y", true],
    ["number", "1999", 1999],
    ["number", "-2.5e3", -2500],
    ["number", "'42", 42],
    ["number", ".5", 0.5],
    ["choices", "NGO; UN body;", ["NGO", "UN body"]],
    ["text", "  Kenya ", "Kenya"],
    ["date", "2024-02-30", "2024-02-30"],
    ["number", "   ", null],
  ] as const)("reads %s %j as %j, as the server does", (type, text, value) => {
    const { web, core } = both(type, text);
    expect(web).toEqual({ value });
    expect(web).toEqual(core);
  });

  it.each([
    ["boolean", "maybe"],
    ["boolean", "nope"],
    ["number", "0x10"],
    ["number", "Infinity"],
    ["number", "1e999"],
    ["number", "12 000"],
    ["number", "1,5"],
  ] as const)("refuses %s %j with the server's words", (type, text) => {
    const { web, core } = both(type, text);
    expect(web.refused).toBeDefined();
    expect(web).toEqual(core);
  });

  it("agrees with core on any text for any type", () => {
    const piece = fc.oneof(
      fc.constantFrom("yes", "no", "Y", "n", "true", "False", "1", "0", "maybe", "'", ";", " "),
      fc.constantFrom("e", "E", "+", "-", ".", "x", "Infinity", "NaN", "0x", "\t", "\n"),
      fc.integer().map(String),
      fc.double().map(String),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.array(piece, { maxLength: 5 }), (type, parts) => {
        const { web, core } = both(type, parts.join(""));
        expect(web).toEqual(core);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes values as core does", () => {
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 4 }),
      fc.constant(undefined),
    );
    fc.assert(fc.property(value, (v) => webFormat(v) === coreFormat(v)));
  });
});
