import { createOnce, query, request } from "../../api/client.ts";
import type { Document, Page } from "../../api/types.ts";

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}/documents`;

/** Documents, newest first, optionally those whose title contains `q`. */
export function listDocuments(
  ws: string,
  options: { q?: string; cursor?: string; limit?: number } = {},
): Promise<Page<Document>> {
  return request("GET", base(ws) + query({ ...options }));
}

export interface NewDocument {
  title: string;
  sourceUrl?: string;
  publishedAt?: string;
  author?: string;
}

/** Creates a document from pasted text. */
export function createFromText(ws: string, input: NewDocument & { text: string }) {
  return createOnce<Document>(base(ws), { ...input });
}

export function getDocument(ws: string, docId: string): Promise<Document> {
  return request("GET", `${base(ws)}/${encodeURIComponent(docId)}`);
}

/** The canonical text all offsets point into. */
export function getText(ws: string, docId: string): Promise<string> {
  return request("GET", `${base(ws)}/${encodeURIComponent(docId)}/text`, undefined, "text");
}

export function deleteDocument(ws: string, docId: string): Promise<void> {
  return request("DELETE", `${base(ws)}/${encodeURIComponent(docId)}`);
}

/** Changes title, author, source URL, date or attribute values; 409 with the current document when stale. */
export function updateDocument(
  ws: string,
  docId: string,
  input: {
    title?: string;
    sourceUrl?: string | null;
    publishedAt?: string | null;
    author?: string | null;
    attributes?: Record<string, string | number | boolean | string[] | null>;
    version: number;
  },
): Promise<Document> {
  return request("PATCH", `${base(ws)}/${encodeURIComponent(docId)}`, input);
}
