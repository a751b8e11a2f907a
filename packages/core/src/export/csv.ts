import { stringify } from "csv-stringify/sync";

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `@SUM`, or one
 * hidden behind a tab or carriage return) by prefixing a single quote, which Excel, LibreOffice
 * and Google Sheets show as text. The cost: a quote that really starts with "-" gains a "'" in
 * every consumer, R and pandas included; `quote` columns keep the original in the JSON exports.
 */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** One passage of an extracts export, with everything its row shows. */
export interface ExtractRow {
  documentId: string;
  documentTitle: string;
  sourceUrl: string | null;
  publishedAt: string | null;
  annotationId: string;
  /** Codes as (id, label), in the annotation's order. */
  codes: Array<{ id: string; label: string }>;
  quote: string;
  prefix: string;
  suffix: string;
  /** UTF-16 code unit offsets, as the API gives them. */
  start: number;
  end: number;
  page: number | null;
  note: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  textVersion: number;
  passageUrl: string;
  linked: Array<{ annotationId: string; relation: string; exact: string }>;
}

export type Layout = "long" | "wide";

/** Columns of extracts.csv, in order. */
export const EXTRACT_COLUMNS = [
  "document_id",
  "document_title",
  "source_url",
  "published_at",
  "annotation_id",
  "code",
  "code_label",
  "quote",
  "prefix",
  "suffix",
  "start",
  "end",
  "page",
  "note",
  "author",
  "created_at",
  "updated_at",
  "status",
  "text_version",
  "passage_url",
  "linked_annotation_ids",
  "linked_relations",
  "linked_quotes",
] as const;

/** Separator of several values in one cell (codes in the wide layout, linked passages). */
export const LIST_SEPARATOR = "; ";

type Cell = string | number;

function record(row: ExtractRow, code: string, codeLabel: string): Cell[] {
  return [
    row.documentId,
    row.documentTitle,
    row.sourceUrl ?? "",
    row.publishedAt ?? "",
    row.annotationId,
    code,
    codeLabel,
    row.quote,
    row.prefix,
    row.suffix,
    row.start,
    row.end,
    row.page ?? "",
    row.note,
    row.author,
    row.createdAt,
    row.updatedAt,
    row.status,
    row.textVersion,
    row.passageUrl,
    row.linked.map((l) => l.annotationId).join(LIST_SEPARATOR),
    row.linked.map((l) => l.relation).join(LIST_SEPARATOR),
    // Quotes may contain "; " themselves: one per line keeps them apart.
    row.linked.map((l) => l.exact).join("\n"),
  ];
}

/**
 * The records of one passage. Long: one per code (one with empty code columns when it has only a
 * note); wide: one, codes joined by "; ". The codes are those in scope: the export's source has
 * already narrowed them to the filtered ones.
 */
export function extractRecords(row: ExtractRow, layout: Layout): Cell[][] {
  if (layout === "wide") {
    return [
      record(
        row,
        row.codes.map((c) => c.id).join(LIST_SEPARATOR),
        row.codes.map((c) => c.label).join(LIST_SEPARATOR),
      ),
    ];
  }
  if (row.codes.length === 0) return [record(row, "", "")];
  return row.codes.map((c) => record(row, c.id, c.label));
}

/**
 * RFC 4180 CSV text of some records: CRLF after every record, fields quoted when they hold a comma,
 * quote or line break, every text cell neutralised against formula injection. Numbers stay numbers.
 */
export function csvText(records: Cell[][], options: { bom?: boolean } = {}): string {
  return stringify(
    records.map((r) => r.map((cell) => (typeof cell === "string" ? neutralise(cell) : cell))),
    { record_delimiter: "\r\n", bom: options.bom ?? false, eof: true },
  );
}
