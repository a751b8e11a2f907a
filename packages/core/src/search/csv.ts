import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { csvText, LIST_SEPARATOR } from "../export/csv.ts";
import { MAX_HITS, type SearchFilters, type SearchOptions, searchPage } from "./search.ts";

/** Columns of search.csv, in order: a row per hit, in the API's order (document id, offset). */
export const HIT_COLUMNS = [
  "document_id",
  "document_title",
  "start",
  "end",
  "page",
  "paragraph",
  "before",
  "exact",
  "after",
  "coded",
  "codes",
  "code_labels",
] as const;

/**
 * Every hit of a search as CSV, written by the extracts' writer (RFC 4180 with every LF quoted,
 * formula cells neutralised, CRLF records), so a spreadsheet, Python's csv and pandas read it the
 * same way. Complete or an error, like the search itself: at most MAX_HITS rows.
 */
export async function hitsCsv(
  ctx: Context,
  workspaceId: string,
  q: string,
  options: SearchOptions,
  filters: SearchFilters,
  format: { bom: boolean },
): Promise<string> {
  const [page, codebook] = await Promise.all([
    searchPage(ctx, workspaceId, q, options, filters, { limit: MAX_HITS }),
    Codebook.list(ctx, workspaceId),
  ]);
  const labels = new Map(codebook.map((t) => [t.id, t.label]));
  const rows = page.items.map((h) => [
    h.documentId,
    h.title,
    h.start,
    h.end,
    h.page ?? "",
    h.paragraph,
    h.before,
    h.exact,
    h.after,
    h.coded ? "true" : "false",
    h.codes.join(LIST_SEPARATOR),
    h.codes.map((c) => labels.get(c) ?? c).join(LIST_SEPARATOR),
  ]);
  return csvText([[...HIT_COLUMNS], ...rows], format);
}
