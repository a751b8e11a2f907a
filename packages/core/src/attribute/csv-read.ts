import { GlossError } from "../error/index.ts";

/**
 * Reads CSV as RFC 4180 writes it and as Excel, Python's csv module and pandas do: a UTF-8 byte
 * order mark is dropped, records end in CRLF or LF, quoted fields may hold commas, quotes ("")
 * and line breaks. A field's surrounding whitespace is kept (trimming is the caller's choice).
 */
export function readCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += ch === "\r" && input[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) {
    throw new GlossError("invalid", "csv.unterminated_quote", "the CSV ends inside a quoted field");
  }
  if (field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  // A blank line is no record (pandas skips them too).
  return records.filter((r) => !(r.length === 1 && r[0] === ""));
}
