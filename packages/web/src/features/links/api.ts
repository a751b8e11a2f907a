import { all, createOnce, request } from "../../api/client.ts";
import type { Annotation, Document, Link, Page, Relation } from "../../api/types.ts";

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}`;

/** Links with this passage at either end, both quotes joined in. */
export async function listLinksOf(ws: string, annotationId: string): Promise<Link[]> {
  const page = await request<Page<Link>>(
    "GET",
    `${base(ws)}/links?annotationId=${encodeURIComponent(annotationId)}`,
  );
  return page.items;
}

export function createLink(
  ws: string,
  input: { fromId: string; toId: string; relation: Relation; note?: string },
): Promise<Link> {
  return createOnce<Link>(`${base(ws)}/links`, { ...input });
}

export function deleteLink(ws: string, linkId: string): Promise<void> {
  return request("DELETE", `${base(ws)}/links/${encodeURIComponent(linkId)}`);
}

/** Every annotation of the workspace, page by page, for the passage picker. */
export function listWorkspaceAnnotations(ws: string): Promise<Annotation[]> {
  return all<Annotation>(`${base(ws)}/annotations`);
}

/** Every document of the workspace (titles for the picker). */
export function listAllDocuments(ws: string): Promise<Document[]> {
  return all<Document>(`${base(ws)}/documents`);
}
