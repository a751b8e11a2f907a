/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection): = + - @,
 * a tab or carriage return hiding one, and the full-width ＝ ＋ － ＠ that Excel with East Asian
 * input settings also treats as formula starts.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Neutralises a cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `@SUM`, `＝1+1`,
 * or one hidden behind a tab or carriage return) by prefixing a single quote, which Excel,
 * LibreOffice and Google Sheets show as text. The cost: a quote that really starts with "-" gains
 * a "'" in every consumer, R and pandas included; the JSON exports keep the original.
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
  /** Codes as (id, label, path of labels joined by " › "), in the annotation's order. */
  codes: Array<{ id: string; label: string; path: string }>;
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
  /** Cells after the fixed columns: the document's author and attribute values (see exports.ts). */
  extra?: Cell[] | undefined;
  /** SHA-256 of the original file and of the canonical text of `textVersion` ("" when unknown). */
  sourceSha256: string;
  textSha256: string;
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
  "code_path",
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
  "source_sha256",
  "text_sha256",
] as const;

/** Separator of several values in one cell (codes in the wide layout, linked passages). */
export const LIST_SEPARATOR = "; ";

export type Cell = string | number;

function record(row: ExtractRow, code: string, codeLabel: string, codePath: string): Cell[] {
  return [
    row.documentId,
    row.documentTitle,
    row.sourceUrl ?? "",
    row.publishedAt ?? "",
    row.annotationId,
    code,
    codeLabel,
    codePath,
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
    row.sourceSha256,
    row.textSha256,
    ...(row.extra ?? []),
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
        row.codes.map((c) => c.path).join(LIST_SEPARATOR),
      ),
    ];
  }
  if (row.codes.length === 0) return [record(row, "", "", "")];
  return row.codes.map((c) => record(row, c.id, c.label, c.path));
}

/** Fields RFC 4180 requires to be quoted: those holding a comma, a double quote, CR or LF. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a first character makes a spreadsheet read a cell as a formula (as FORMULA_START). */
function startsFormula(code: number): boolean {
  return (
    code === 0x3d || // =
    code === 0x2b || // +
    code === 0x2d || // -
    code === 0x40 || // @
    code === 0x09 ||
    code === 0x0d ||
    code === 0xff1d ||
    code === 0xff0b ||
    code === 0xff0d ||
    code === 0xff20
  );
}

/**
 * One field: neutralised when text, quoted (with doubled quotes) when RFC 4180 requires it. The
 * first character is compared by code rather than by FORMULA_START, and quotes are doubled only
 * when there are some: this runs once per cell, 23 cells a row.
 */
function field(cell: Cell): string {
  if (typeof cell === "number") return `${cell}`;
  if (cell.length === 0) return cell;
  const text = startsFormula(cell.charCodeAt(0)) ? `'${cell}` : cell;
  if (!NEEDS_QUOTES.test(text)) return text;
  return text.includes('"') ? `"${text.replaceAll('"', '""')}"` : `"${text}"`;
}

/**
 * RFC 4180 CSV text of some records: CRLF after every record, a field quoted whenever it holds a
 * comma, a double quote, CR or LF (a bare LF too: canonical text separates paragraphs with LF, and
 * Python's csv, pandas, R and LibreOffice all split an unquoted one into a new record), every text
 * cell neutralised against formula injection. Numbers stay numbers. Written by hand rather than
 * with csv-stringify, which stops quoting a bare LF once the record delimiter is CRLF, and runs at
 * about half the speed of this loop.
 */
export function csvText(records: Cell[][], options: { bom?: boolean } = {}): string {
  let out = options.bom ? "\uFEFF" : "";
  for (const record of records) {
    if (record.length > 0) out += field(record[0]!);
    for (let i = 1; i < record.length; i++) out += `,${field(record[i]!)}`;
    out += "\r\n";
  }
  return out;
}
