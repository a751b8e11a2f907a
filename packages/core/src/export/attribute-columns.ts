import { type AttributeMatrix, AttributeTally } from "../attribute/matrix.ts";
import type { Attribute } from "../attribute/schema.ts";
import { formatValue } from "../attribute/values.ts";
import type { Cell } from "./csv.ts";
import { csvText } from "./csv.ts";
import { escapeHtml } from "./report.ts";
import type { DocumentMeta, ExportSource } from "./source.ts";

/**
 * Columns every extracts.csv ends with, after the fixed ones: the document's author, then one
 * `attr_<attribute id>` column per attribute of the workspace (ids are stable slugs, so a script
 * keeps working when an attribute is renamed). Several choices are joined by "; ", yes/no as
 * yes/no, numbers as numbers.
 */
export function documentColumns(definitions: Attribute[]): string[] {
  return ["document_author", ...definitions.map((d) => `attr_${d.id}`)];
}

/** The cells of `documentColumns` for one document. */
export function documentCells(definitions: Attribute[], document: DocumentMeta): Cell[] {
  return [
    document.author ?? "",
    ...definitions.map((d) => {
      const value = document.attributes[d.id];
      return typeof value === "number" ? value : formatValue(value);
    }),
  ];
}

/** A tally of code × attribute value over the passages an export counts. */
export function attributeTally(source: ExportSource): AttributeTally {
  return new AttributeTally(source.attributes.definitions, (id) =>
    source.attributes.values.get(id),
  );
}

/** Columns of findings-attributes.csv, in order. */
export const FINDINGS_ATTRIBUTE_COLUMNS = [
  "code",
  "code_label",
  "attribute",
  "attribute_name",
  "value",
  "passages",
] as const;

/**
 * findings-attributes.csv: the code × attribute value matrices in long form, a record per code,
 * attribute and value seen, zeros included (`df.pivot_table(index="code", columns="value",
 * values="passages")` per attribute gives the matrix).
 */
export function findingsAttributesCsv(
  matrices: AttributeMatrix[],
  codes: Array<{ id: string; label: string }>,
  options: { bom?: boolean } = {},
): string {
  const records: Cell[][] = [[...FINDINGS_ATTRIBUTE_COLUMNS]];
  for (const m of matrices) {
    for (const c of codes) {
      for (const v of m.values)
        records.push([c.id, c.label, m.attributeId, m.name, v, m.matrix[c.id]?.[v] ?? 0]);
    }
  }
  return csvText(records, options);
}

/** The report's code × attribute value tables, one per attribute with values. */
export function attributeTablesHtml(
  matrices: AttributeMatrix[],
  codes: Array<{ id: string; label: string; passages: number }>,
): string {
  const shown = codes.filter((c) => c.passages > 0);
  return matrices
    .filter((m) => m.values.length > 0 && shown.length > 0)
    .map((m) => {
      const head = m.values.map((v) => `<th scope="col" dir="auto">${escapeHtml(v)}</th>`).join("");
      const rows = shown
        .map(
          (c) =>
            `<tr><th scope="row" dir="auto">${escapeHtml(c.label)}</th>${m.values
              .map((v) => `<td class="n">${m.matrix[c.id]?.[v] ?? 0}</td>`)
              .join("")}</tr>`,
        )
        .join("\n");
      return `<h3 dir="auto">Codes by ${escapeHtml(m.name)}</h3>
<table class="by-attribute" data-attribute="${escapeHtml(m.attributeId)}">
<thead><tr><th scope="col">Code</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
`;
    })
    .join("");
}
