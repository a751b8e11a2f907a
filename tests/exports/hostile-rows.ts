import type { Attribute } from "../../packages/core/src/attribute/schema.ts";
import { EXTRACT_COLUMNS, type Layout } from "../../packages/core/src/export/csv.ts";
import { ExtractsCsvWriter } from "../../packages/core/src/export/extracts-csv.ts";
import type { DocumentMeta, ResolvedPassage } from "../../packages/core/src/export/source.ts";

/**
 * Passages whose every user-text field is hostile: a formula start (ASCII, full width, behind a
 * tab or CR), a bare LF followed by another formula, a comma and double quotes, and the column's
 * own name, so a cell written into the wrong column is caught too. What the extracts writer's
 * fast path must still neutralise and quote; the expected cells are the stored values.
 */
export const hostile = (column: string, variant: number): string =>
  [
    `=HYPERLINK("http://evil.example/${column}"),"x"\n@SUM(A1)`,
    `+${column}, line one\r\n-line two "quoted"`,
    `＝${column}\n＋full width, "q"`,
    `\t${column}\n=cmd|' /C calc'!A0`,
    `\r${column}, after a CR\n@here`,
  ][variant % 5]!;

const definitions: Attribute[] = [
  {
    id: "country",
    name: "Country",
    description: "",
    type: "text",
    choices: [],
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
    version: 1,
  },
];

/** The expected value of every column for one record, keyed by column name. */
export type ExpectedRecord = Record<string, string>;

/**
 * The extracts CSV of `count` hostile passages (over a few documents and codes, with links, an
 * imported creator, a former member) in one layout, and each record's expected stored values.
 */
export function hostileExtracts(
  layout: Layout,
  count = 25,
  options: { origin?: string } = {},
): { csv: string; expected: ExpectedRecord[] } {
  const origin = options.origin ?? "https://gloss.example.org";
  const tags = [0, 1, 2].map((i) => ({
    id: `code-${i}`,
    label: hostile(`code_label ${i}`, i),
    path: `${hostile(`code_path ${i}`, i + 1)} › child`,
  }));
  const documents: DocumentMeta[] = [0, 1, 2].map((i) => ({
    id: `doc_01JD00000000000000000000D${i}`,
    title: hostile(`document_title ${i}`, i),
    sourceUrl: hostile(`source_url ${i}`, i + 1),
    publishedAt: hostile(`published_at ${i}`, i + 2),
    author: hostile(`document_author ${i}`, i + 3),
    attributes: { country: hostile(`attr_country ${i}`, i + 4) },
    textVersion: 1,
    pageCount: null,
    language: null,
    ready: true,
    createdBy: "usr_a",
    createdAt: "2024-01-01T00:00:00.000Z",
  }));
  const authors: Record<string, string> = {
    usr_a: hostile("author a", 0),
    usr_b: hostile("author b", 1),
  };
  const passageUrl = (documentId: string, annotationId: string) =>
    `${origin}/w/ws_1/d/${encodeURIComponent(documentId)}#ann=${encodeURIComponent(annotationId)}`;
  const rows: ResolvedPassage[] = Array.from({ length: count }, (_, i) => {
    const document = documents[i % documents.length]!;
    const codes = i % 4 === 3 ? [] : tags.slice(0, 1 + (i % 3)).map((t) => t.id);
    const createdAt = i % 2 ? hostile(`created_at ${i}`, i) : "2024-05-01T10:00:00.000Z";
    return {
      annotation: {
        id: `ann_01JD0000000000000000000${String(i).padStart(3, "0")}`,
        workspaceId: "ws_1",
        documentId: document.id,
        start: i * 10,
        end: i * 10 + 5,
        exact: hostile(`quote ${i}`, i),
        prefix: hostile(`prefix ${i}`, i + 1),
        suffix: hostile(`suffix ${i}`, i + 2),
        tags: codes,
        note: i % 4 === 1 ? "" : hostile(`note ${i}`, i + 3),
        status: i % 5 === 4 ? "orphaned" : "anchored",
        textVersion: 1,
        createdBy: i % 2 ? "usr_a" : "usr_b",
        createdAt,
        updatedAt: i % 3 ? createdAt : hostile(`updated_at ${i}`, i + 4),
        version: 1,
        ...(i % 2
          ? {
              importedCreator: {
                id: hostile(`imported_creator_id ${i}`, i),
                name: hostile(`imported_creator_name ${i}`, i + 1),
                tool: "Hypothesis",
              },
            }
          : {}),
      },
      document,
      page: i % 3 ? null : 1 + i,
      // Hashes belong to a document's text version (an older document may have none).
      hashes: {
        sourceSha256: "b".repeat(64),
        textSha256: i % documents.length === 1 ? "" : "a".repeat(64),
      },
      linked:
        i % 3 === 2
          ? [
              {
                annotationId: "ann_01JD0000000000000000000900",
                relation: "corroborates",
                exact: hostile(`linked ${i}`, i),
              },
              {
                annotationId: "ann_01JD0000000000000000000901",
                relation: "contradicts",
                exact: hostile(`linked b ${i}`, i + 1),
              },
            ]
          : [],
    };
  });
  const label = (id: string) => tags.find((t) => t.id === id)!.label;
  const path = (id: string) => tags.find((t) => t.id === id)!.path;
  const writer = new ExtractsCsvWriter({
    layout,
    definitions,
    tagLabel: label,
    tagPath: path,
    authorName: (userId) => authors[userId] ?? "Former member",
    passageUrl,
  });
  // Two pages, so what the writer caches across pages is covered too.
  const csv =
    writer.header({ bom: false }) +
    writer.rows(rows.slice(0, Math.ceil(count / 2))) +
    writer.rows(rows.slice(Math.ceil(count / 2)));

  const expected: ExpectedRecord[] = [];
  for (const { annotation: a, document: d, page, hashes, linked } of rows) {
    const base: ExpectedRecord = {
      document_id: d.id,
      document_title: d.title,
      source_url: d.sourceUrl ?? "",
      published_at: d.publishedAt ?? "",
      annotation_id: a.id,
      quote: a.exact,
      prefix: a.prefix,
      suffix: a.suffix,
      start: String(a.start),
      end: String(a.end),
      page: page === null ? "" : String(page),
      note: a.note,
      author: authors[a.createdBy]!,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
      status: a.status,
      text_version: String(a.textVersion),
      passage_url: passageUrl(a.documentId, a.id),
      linked_annotation_ids: linked.map((l) => l.annotationId).join("; "),
      linked_relations: linked.map((l) => l.relation).join("; "),
      linked_quotes: linked.map((l) => l.exact).join("\n"),
      source_sha256: hashes.sourceSha256,
      text_sha256: hashes.textSha256,
      imported_creator_id: a.importedCreator?.id ?? "",
      imported_creator_name: a.importedCreator?.name ?? "",
      document_author: d.author ?? "",
      attr_country: String(d.attributes.country ?? ""),
    };
    const codeCells = (ids: string[]) => ({
      code: ids.join("; "),
      code_label: ids.map(label).join("; "),
      code_path: ids.map(path).join("; "),
    });
    if (layout === "wide" || a.tags.length === 0) expected.push({ ...base, ...codeCells(a.tags) });
    else for (const id of a.tags) expected.push({ ...base, ...codeCells([id]) });
  }
  return { csv, expected };
}

/** Every column of the hostile extracts, in order. */
export const HOSTILE_COLUMNS = [...EXTRACT_COLUMNS, "document_author", "attr_country"];
