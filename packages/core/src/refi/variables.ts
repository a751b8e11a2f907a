import * as Attribute from "../attribute/attribute.ts";
import type { Attribute as AttributeDefinition, AttributeValue } from "../attribute/schema.ts";
import { applyValues, parseText } from "../attribute/values.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { CHOICES_LINE } from "../export/refi-variables.ts";
import type { SkippedItem } from "./schema.ts";
import { childOf, childrenOf, parseXml, type XmlElement } from "./xml.ts";

const attr = (e: XmlElement, name: string) => e.attributes[name] ?? "";

/** A REFI Variable as Gloss reads it. */
export interface VariableModel {
  guid: string;
  name: string;
  type: AttributeDefinition["type"];
  description: string;
  choices: string[];
}

/** A Case: the sources it groups and the values it holds, by variable GUID. */
export interface CaseModel {
  guid: string;
  name: string;
  sourceGuids: string[];
  values: Array<{ variableGuid: string; value: AttributeValue }>;
}

const norm = (guid: string) => guid.replace(/[{}]/g, "").trim().toLowerCase();

function variableOf(e: XmlElement): VariableModel {
  const lines = (childOf(e, "Description")?.text ?? "").split("\n");
  const last = lines[lines.length - 1] ?? "";
  const choices = CHOICES_LINE.exec(last);
  const kind = attr(e, "typeOfVariable");
  const type: AttributeDefinition["type"] = choices
    ? choices[1] === "one"
      ? "choice"
      : "choices"
    : kind === "Boolean"
      ? "boolean"
      : kind === "Integer" || kind === "Float"
        ? "number"
        : kind === "Date"
          ? "date"
          : "text";
  return {
    guid: norm(attr(e, "guid")),
    name: attr(e, "name").trim(),
    type,
    description: (choices ? lines.slice(0, -1) : lines).join("\n").trim(),
    choices: choices
      ? choices[2]!
          .split(";")
          .map((c) => c.trim())
          .filter(Boolean)
      : [],
  };
}

function variableValueOf(
  e: XmlElement,
  variable: VariableModel | undefined,
): AttributeValue | null {
  const text = (name: string) => childOf(e, name)?.text;
  const bool = text("BooleanValue");
  if (bool !== undefined) return bool.trim() === "true" || bool.trim() === "1";
  const number = text("IntegerValue") ?? text("FloatValue");
  if (number !== undefined) return Number(number);
  const date = text("DateValue") ?? text("DateTimeValue")?.slice(0, 10);
  if (date !== undefined) return date.trim();
  const value = text("TextValue");
  if (value === undefined || value.trim() === "") return null;
  if (variable?.type === "choices") {
    return value
      .split(";")
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return value.trim();
}

/** The Variables and Cases of a project.qde (the text as the project reader decoded it). */
export function readVariables(qdeText: string): { variables: VariableModel[]; cases: CaseModel[] } {
  const root = parseXml(qdeText, "project.qde");
  const variables = childrenOf(childOf(root, "Variables"), "Variable").map(variableOf);
  const byGuid = new Map(variables.map((v) => [v.guid, v]));
  const cases = childrenOf(childOf(root, "Cases"), "Case").map((c) => ({
    guid: norm(attr(c, "guid")),
    name: attr(c, "name"),
    sourceGuids: childrenOf(c, "SourceRef").map((r) => norm(attr(r, "targetGUID"))),
    values: childrenOf(c, "VariableValue").flatMap((v) => {
      const variableGuid = norm(attr(childOf(v, "VariableRef")!, "targetGUID"));
      const value = variableValueOf(v, byGuid.get(variableGuid));
      return value === null ? [] : [{ variableGuid, value }];
    }),
  }));
  return { variables, cases };
}

/**
 * Takes a project's Variables in as attributes (matched by name, ignoring case; created when
 * missing) and its Cases' values onto the imported documents of their sources. A value the
 * attribute refuses (another type, a choice it lacks) is skipped with its reason, never forced.
 * Repeatable: values already set are set again to the same thing.
 */
export async function importVariables(
  ctx: Context,
  workspaceId: string,
  model: { variables: VariableModel[]; cases: CaseModel[] },
  documentOf: (sourceGuid: string) => string | null,
): Promise<SkippedItem[]> {
  const skipped: SkippedItem[] = [];
  if (model.variables.length === 0) return skipped;
  let definitions = await Attribute.list(ctx, workspaceId);
  const attributeOf = new Map<string, AttributeDefinition>();
  for (const v of model.variables) {
    if (!v.name) continue;
    let found = definitions.find((d) => d.name.toLocaleLowerCase() === v.name.toLocaleLowerCase());
    if (!found) {
      try {
        found = await Attribute.create(ctx, workspaceId, {
          name: v.name.slice(0, 80),
          type: v.type,
          description: v.description.slice(0, 500),
          ...(v.choices.length ? { choices: v.choices } : {}),
        });
        definitions = [...definitions, found];
      } catch (error) {
        if (!(error instanceof GlossError)) throw error;
        skipped.push({ kind: "variable", ref: v.guid, name: v.name, reason: error.message });
        continue;
      }
    }
    attributeOf.set(v.guid, found);
  }
  for (const c of model.cases) {
    const input: Record<string, AttributeValue> = {};
    for (const { variableGuid, value } of c.values) {
      const attribute = attributeOf.get(variableGuid);
      if (!attribute) continue;
      // A value of another REFI type than the attribute's is read from its text.
      input[attribute.id] =
        typeof value === "string" && attribute.type !== "text" && attribute.type !== "date"
          ? (parseText(attribute, value) ?? value)
          : value;
    }
    if (Object.keys(input).length === 0) continue;
    for (const sourceGuid of c.sourceGuids) {
      const documentId = documentOf(sourceGuid);
      if (!documentId) continue;
      try {
        const document = await Document.get(ctx, workspaceId, documentId);
        const next = applyValues(definitions, document.attributes, input);
        await Document.update(ctx, workspaceId, documentId, {
          attributes: next,
          version: document.version,
        });
      } catch (error) {
        if (!(error instanceof GlossError) || error.kind === "unavailable") throw error;
        skipped.push({
          kind: "variable",
          ref: c.guid,
          name: c.name || c.guid,
          reason: error.message,
        });
      }
    }
  }
  return skipped;
}
