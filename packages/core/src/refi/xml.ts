import { XMLParser, XMLValidator } from "fast-xml-parser";
import { GlossError } from "../error/index.ts";

/** A parsed element: attributes by name, child elements by local name (always arrays), text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: Map<string, XmlElement[]>;
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes XML's predefined and numeric character references (the parser is told not to). */
function decode(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseAttributeValue: false,
  parseTagValue: false,
  // Note and source text keeps its spaces and line breaks exactly.
  trimValues: false,
  removeNSPrefix: true,
  alwaysCreateTextNode: true,
  // Entities are decoded here, once, so `&amp;lt;` stays `&lt;` and numeric references work.
  processEntities: false,
  cdataPropName: "#cdata",
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** An object the parser made for an element (not a list, not a text). */
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An element from the parser's object for it (anything else reads as an empty element). */
function toElement(name: string, raw: unknown): XmlElement {
  const element: XmlElement = { name, attributes: {}, children: new Map(), text: "" };
  for (const [key, value] of Object.entries(isRecord(raw) ? raw : {})) {
    if (key === "#text") element.text += decode(String(value));
    else if (key === "#cdata") element.text += [value].flat().join("");
    else if (key.startsWith("@")) {
      // xmlns declarations are not attributes of the model.
      if (key !== "@xmlns" && !key.startsWith("@xmlns:")) {
        element.attributes[key.slice(1)] = decode(String(value));
      }
    } else {
      element.children.set(
        key,
        [value].flat().map((item: unknown) => toElement(key, item)),
      );
    }
  }
  return element;
}

/**
 * Parses a REFI-QDA XML document into its root element. Refused (422 `refi.invalid_xml`): text
 * that is not well-formed XML, and any DOCTYPE: REFI files have none, and entity declarations
 * are how an XML bomb expands a small file into gigabytes.
 */
export function parseXml(text: string, what: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new GlossError(
      "invalid",
      "refi.invalid_xml",
      `${what} declares a DOCTYPE or entities, which REFI-QDA files never do`,
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new GlossError(
      "invalid",
      "refi.invalid_xml",
      `${what} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  }
  const document: unknown = parser.parse(text);
  const parsed = isRecord(document) ? document : {};
  const rootName = Object.keys(parsed).find((k) => !k.startsWith("?") && !k.startsWith("#"));
  if (!rootName) throw new GlossError("invalid", "refi.invalid_xml", `${what} has no root element`);
  return toElement(rootName, [parsed[rootName]].flat()[0]);
}

/** The child elements of a name (empty when absent). */
export function childrenOf(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.get(name) ?? [];
}

/** The first child element of a name. */
export function childOf(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.get(name)?.[0];
}
