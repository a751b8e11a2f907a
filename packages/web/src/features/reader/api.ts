import { all, createOnce, request } from "../../api/client.ts";
import type { Annotation, AnnotationChange, NewAnnotation } from "../../api/types.ts";

const ofDocument = (ws: string, docId: string) =>
  `/workspaces/${encodeURIComponent(ws)}/documents/${encodeURIComponent(docId)}/annotations`;
const one = (ws: string, annId: string) =>
  `/workspaces/${encodeURIComponent(ws)}/annotations/${encodeURIComponent(annId)}`;

/** Every annotation of a document, in text order. */
export function listAnnotations(ws: string, docId: string): Promise<Annotation[]> {
  return all<Annotation>(ofDocument(ws, docId));
}

/** Creates an annotation; safe to retry (see createOnce). */
export function createAnnotation(ws: string, docId: string, input: NewAnnotation) {
  return createOnce<Annotation>(ofDocument(ws, docId), { ...input });
}

/** Changes codes or note; fails with `annotation.version_conflict` when `version` is stale. */
export function updateAnnotation(ws: string, annId: string, input: AnnotationChange) {
  return request<Annotation>("PATCH", one(ws, annId), input);
}

export function deleteAnnotation(ws: string, annId: string): Promise<void> {
  return request("DELETE", one(ws, annId));
}
