import type { Attribute, AttributeValue } from "../attribute/schema.ts";
import { formatValue } from "../attribute/values.ts";
import { guidFor } from "./guid.ts";
import { xmlAttr, xmlText } from "./refi.ts";
import type { ExportSource } from "./source.ts";

/**
 * REFI-QDA has no choice types: a choice attribute is a Text variable whose Description ends with
 * this line, listing its choices, so a Gloss import restores the type and other tools show it.
 */
export const CHOICES_LINE = /^Choices \((one|several)\): (.*)$/;

/** The REFI type of an attribute (Float for numbers: xsd:decimal holds integers too). */
function typeOfVariable(attribute: Attribute): string {
  switch (attribute.type) {
    case "number":
      return "Float";
    case "boolean":
      return "Boolean";
    case "date":
      return "Date";
    default:
      return "Text";
  }
}

function describe(attribute: Attribute): string {
  const lines = attribute.description ? [attribute.description] : [];
  if (attribute.type === "choice" || attribute.type === "choices") {
    const kind = attribute.type === "choice" ? "one" : "several";
    lines.push(`Choices (${kind}): ${attribute.choices.join("; ")}`);
  }
  return lines.join("\n");
}

function valueXml(attribute: Attribute, value: AttributeValue): string {
  const ref = `<VariableRef targetGUID="${guidFor("variable", attribute.id)}"/>`;
  switch (attribute.type) {
    case "number":
      // xsd:decimal has no exponent: write the plain digits.
      return `${ref}<FloatValue>${(value as number).toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 })}</FloatValue>`;
    case "boolean":
      return `${ref}<BooleanValue>${value ? "true" : "false"}</BooleanValue>`;
    case "date":
      return `${ref}<DateValue>${xmlText(String(value))}</DateValue>`;
    default:
      return `${ref}<TextValue>${xmlText(formatValue(value))}</TextValue>`;
  }
}

/**
 * The project's Variables (one per attribute) and Cases (one per exported document with values,
 * named after it, holding its values and a SourceRef to its TextSource), as NVivo's
 * classifications and QualCoder's case attributes read them. Empty when nothing is defined.
 */
export async function variablesAndCases(source: ExportSource): Promise<string> {
  const { definitions, values } = source.attributes;
  if (definitions.length === 0) return "";
  const variables = definitions
    .map((d) => {
      const description = describe(d);
      return `  <Variable guid="${guidFor("variable", d.id)}" name="${xmlAttr(d.name)}" typeOfVariable="${typeOfVariable(d)}">${description ? `<Description>${xmlText(description)}</Description>` : ""}</Variable>\n`;
    })
    .join("");
  const cases: string[] = [];
  for await (const document of source.documents()) {
    const held = values.get(document.id);
    if (!held) continue;
    const items = definitions
      .filter((d) => held[d.id] !== undefined)
      .map((d) => `<VariableValue>${valueXml(d, held[d.id]!)}</VariableValue>`)
      .join("");
    if (!items) continue;
    cases.push(
      `  <Case guid="${guidFor("case", document.id)}" name="${xmlAttr(document.title)}">${items}<SourceRef targetGUID="${guidFor("source", document.id)}"/></Case>\n`,
    );
  }
  return `<Variables>\n${variables}</Variables>\n${cases.length ? `<Cases>\n${cases.join("")}</Cases>\n` : ""}`;
}
