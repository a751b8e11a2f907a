import { ApiError, all, request } from "../../api/client.ts";
import type { Annotation } from "../../api/types.ts";

const ofDocument = (ws: string, docId: string) =>
  `/workspaces/${encodeURIComponent(ws)}/documents/${encodeURIComponent(docId)}/annotations`;
const one = (ws: string, annId: string) =>
  `/workspaces/${encodeURIComponent(ws)}/annotations/${encodeURIComponent(annId)}`;

/** Every annotation of a document, in text order. */
export function listAnnotations(ws: string, docId: string): Promise<Annotation[]> {
  return all<Annotation>(ofDocument(ws, docId));
}

export interface NewAnnotation {
  start: number;
  end: number;
  exact: string;
  tags: string[];
  note?: string;
}

/**
 * Creates an annotation under an Idempotency-Key, so the one retry after a network failure (the
 * request may have reached the server) returns the first result instead of a duplicate.
 */
export async function createAnnotation(ws: string, docId: string, input: NewAnnotation) {
  const headers = { "Idempotency-Key": crypto.randomUUID() };
  const send = () =>
    request<Annotation>("POST", ofDocument(ws, docId), { ...input }, "json", headers);
  try {
    return await send();
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) return send();
    throw error;
  }
}

/** Changes codes or note; fails with `annotation.version_conflict` when `version` is stale. */
export function updateAnnotation(
  ws: string,
  annId: string,
  input: { tags?: string[]; note?: string; version: number },
) {
  return request<Annotation>("PATCH", one(ws, annId), input);
}

export function deleteAnnotation(ws: string, annId: string): Promise<void> {
  return request("DELETE", one(ws, annId));
}
