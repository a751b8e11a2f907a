import { z } from "zod";
import type { Context } from "../context/index.ts";
import { allPages } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { list } from "./attribute.ts";
import { readCsv } from "./csv-read.ts";
import type { Attribute, AttributeValuesInput } from "./schema.ts";
import { applyValues, parseText } from "./values.ts";

/** Most rows one import takes: a corpus's documents, not its passages. */
export const MAX_IMPORT_ROWS = 10_000;

export const AttributeImportResult = z
  .object({
    imported: z.number().int(),
    skipped: z.number().int(),
    columns: z
      .array(z.object({ column: z.string(), attributeId: z.string().nullable() }))
      .describe(
        "Each value column and the attribute it was read as (null: not an attribute, ignored)",
      ),
    rows: z.array(
      z.object({
        row: z.number().int().describe("Line number of the record in the file (the header is 1)"),
        documentId: z.string().nullable(),
        status: z.enum(["imported", "skipped"]),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "AttributeImportResult" });
export type AttributeImportResult = z.infer<typeof AttributeImportResult>;

const ID_COLUMNS = ["document_id", "documentid", "id", "doc_id"];
const TITLE_COLUMNS = ["title", "document_title", "document"];

/** The attribute a column names: its id, its name, or `attr_<id>` as the CSV exports write it. */
function columnAttribute(definitions: Attribute[], column: string): Attribute | null {
  const key = column.trim().toLocaleLowerCase();
  const bare = key.startsWith("attr_") ? key.slice(5) : key;
  return (
    definitions.find((d) => d.id === bare) ??
    definitions.find((d) => d.name.toLocaleLowerCase() === key) ??
    null
  );
}

/**
 * Sets attribute values from a CSV keyed by document id (`document_id`/`id`) or title (`title`),
 * one column per attribute (its id, name or `attr_<id>`). Each row is checked and written on its
 * own (one version-checked update of the document), so a bad row is skipped with its reason and
 * never stops the others; an empty cell leaves that value as it is. Re-running the same file
 * changes nothing more.
 */
export async function importCsv(
  ctx: Context,
  workspaceId: string,
  text: string,
): Promise<AttributeImportResult> {
  const records = readCsv(text);
  const [header, ...body] = records;
  if (!header) throw new GlossError("invalid", "csv.empty", "the CSV has no header row");
  if (body.length > MAX_IMPORT_ROWS) {
    throw new GlossError(
      "too_large",
      "csv.too_many_rows",
      `at most ${MAX_IMPORT_ROWS} rows per import; this file has ${body.length}`,
    );
  }
  const names = header.map((h) => h.trim().toLocaleLowerCase());
  const idColumn = names.findIndex((n) => ID_COLUMNS.includes(n));
  const titleColumn = names.findIndex((n) => TITLE_COLUMNS.includes(n));
  if (idColumn === -1 && titleColumn === -1) {
    throw new GlossError(
      "invalid",
      "csv.no_key_column",
      "the CSV needs a document_id (or id) column or a title column to find each document",
    );
  }
  const definitions = await list(ctx, workspaceId);
  const columns = header.map((column, index) => ({
    column,
    index,
    attribute:
      index === idColumn || index === titleColumn ? null : columnAttribute(definitions, column),
  }));
  const valueColumns = columns.filter((c) => c.index !== idColumn && c.index !== titleColumn);
  if (!valueColumns.some((c) => c.attribute)) {
    throw new GlossError(
      "invalid",
      "csv.no_attribute_columns",
      "no column names an attribute of this workspace (by id, name or attr_<id>)",
    );
  }
  const documents = await allDocuments(ctx, workspaceId);
  const byId = new Map(documents.map((d) => [d.id, d]));
  const byTitle = new Map<string, Document.Document[]>();
  for (const d of documents) {
    const key = d.title.trim().toLocaleLowerCase();
    byTitle.set(key, [...(byTitle.get(key) ?? []), d]);
  }
  const rows: AttributeImportResult["rows"] = [];
  for (const [i, record] of body.entries()) {
    const row = i + 2;
    const skip = (reason: string, documentId: string | null = null) =>
      rows.push({ row, documentId, status: "skipped", reason });
    const id = idColumn >= 0 ? (record[idColumn] ?? "").trim() : "";
    const title = titleColumn >= 0 ? (record[titleColumn] ?? "").trim() : "";
    let document: Document.Document | undefined;
    if (id) {
      document = byId.get(id);
      if (!document) {
        skip(`no document with id "${id}"`);
        continue;
      }
    } else if (title) {
      const found = byTitle.get(title.toLocaleLowerCase()) ?? [];
      if (found.length !== 1) {
        skip(
          found.length
            ? `${found.length} documents are titled "${title}"; use document_id`
            : `no document titled "${title}"`,
        );
        continue;
      }
      document = found[0];
    } else {
      skip("neither a document id nor a title");
      continue;
    }
    if (!document) continue;
    try {
      const input: AttributeValuesInput = {};
      for (const column of valueColumns) {
        if (!column.attribute) continue;
        const value = parseText(column.attribute, record[column.index] ?? "");
        if (value !== null) input[column.attribute.id] = value;
      }
      if (Object.keys(input).length === 0) {
        skip("no values in this row", document.id);
        continue;
      }
      const next = applyValues(definitions, document.attributes, input);
      const updated = await Document.update(ctx, workspaceId, document.id, {
        attributes: next,
        version: document.version,
      });
      byId.set(updated.id, updated);
      rows.push({ row, documentId: document.id, status: "imported", reason: null });
    } catch (error) {
      if (!(error instanceof GlossError) || error.kind === "unavailable") throw error;
      skip(error.message, document.id);
    }
  }
  return {
    imported: rows.filter((r) => r.status === "imported").length,
    skipped: rows.filter((r) => r.status === "skipped").length,
    columns: valueColumns.map((c) => ({ column: c.column, attributeId: c.attribute?.id ?? null })),
    rows,
  };
}

function allDocuments(ctx: Context, workspaceId: string): Promise<Document.Document[]> {
  return allPages((page) => Document.list(ctx, workspaceId, page));
}
