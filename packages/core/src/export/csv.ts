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
  // Who made the annotation in the tool it was imported from (Hypothesis, Recogito, REFI-QDA);
  // `author` stays the member who imported it.
  "imported_creator_id",
  "imported_creator_name",
] as const;

/** Separator of several values in one cell (codes in the wide layout, linked passages). */
export const LIST_SEPARATOR = "; ";

export type Cell = string | number;

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
 * when there are some: this runs for every text cell of every row.
 */
export function csvField(cell: Cell): string {
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
    if (record.length > 0) out += csvField(record[0]!);
    for (let i = 1; i < record.length; i++) out += `,${csvField(record[i]!)}`;
    out += "\r\n";
  }
  return out;
}
