import { all, apiUrl, query, request } from "../../api/client.ts";
import type { Annotation, Findings, ImportResult } from "../../api/types.ts";
import { type FindingsFilter, toParams } from "./filter.ts";

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}`;

/** The findings of the corpus the filter selects. */
export function getFindings(ws: string, filter: FindingsFilter): Promise<Findings> {
  return request<Findings>("GET", `${base(ws)}/exports/findings.json${query(toParams(filter))}`);
}

/** Every passage with a code in a document (one cell of the code × document matrix). */
export function listCellPassages(
  ws: string,
  tag: string,
  documentId: string,
): Promise<Annotation[]> {
  return all<Annotation>(`${base(ws)}/annotations`, { tag, documentId });
}

/** Imports W3C Web Annotation JSON-LD (as Gloss exports it) onto the workspace's documents. */
export function importAnnotations(ws: string, collection: Record<string, unknown>) {
  return request<ImportResult>("POST", `${base(ws)}/imports/annotations.jsonld`, collection);
}

/** What an export covers: the export routes take one document and one code. */
/** The findings filter as the export routes take it: comma-separated lists and a date range. */
export interface ExportScope {
  documentId?: string | undefined;
  tag?: string | undefined;
  author?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The download address of an export. */
export function exportUrl(
  ws: string,
  file: string,
  params: Record<string, string | undefined>,
): string {
  return apiUrl(`${base(ws)}/exports/${file}`, params);
}
