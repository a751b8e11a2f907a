import { all, query, request } from "../../api/client.ts";
import type { Annotation, Document, Page, Tag } from "../../api/types.ts";

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}/tags`;

/** The workspace codebook. */
export async function listTags(ws: string): Promise<Tag[]> {
  return (await request<Page<Tag>>("GET", base(ws))).items;
}

export function createTag(
  ws: string,
  input: { label: string; color?: string; description?: string },
): Promise<Tag> {
  return request<Tag>("POST", base(ws), input);
}

export function updateTag(
  ws: string,
  tagId: string,
  input: { label?: string; color?: string; description?: string; version: number },
): Promise<Tag> {
  return request<Tag>("PATCH", `${base(ws)}/${encodeURIComponent(tagId)}`, input);
}

/** Deletes a code; `refuse` fails with `tag.in_use` when annotations use it. */
export function deleteTag(
  ws: string,
  tagId: string,
  mode: "refuse" | "remove",
): Promise<{ deleted: true; annotationsChanged: number }> {
  return request("DELETE", `${base(ws)}/${encodeURIComponent(tagId)}${query({ mode })}`);
}

/** How many annotations use each code, summed over the documents' counts. */
export async function usageCounts(ws: string): Promise<Record<string, number>> {
  const documents = await all<Document>(`/workspaces/${encodeURIComponent(ws)}/documents`);
  const counts: Record<string, number> = {};
  for (const document of documents) {
    for (const [tag, n] of Object.entries(document.tagCounts)) counts[tag] = (counts[tag] ?? 0) + n;
  }
  return counts;
}

/** Moves a code under another (null: the top level) at a place among its siblings. */
export function moveTag(
  ws: string,
  tagId: string,
  input: { parentId: string | null; position: number; version: number },
): Promise<Tag> {
  return request<Tag>("PATCH", `${base(ws)}/${encodeURIComponent(tagId)}`, input);
}

/** Merges a code into another: its passages and children go to `into`, and it is removed. */
export function mergeTag(
  ws: string,
  tagId: string,
  into: string,
): Promise<{ annotationsChanged: number; childrenMoved: number }> {
  return request("POST", `${base(ws)}/${encodeURIComponent(tagId)}/merge`, { into });
}

/** Passages per code counting the codes below it too (each passage once), from the findings. */
export async function rolledUpCounts(ws: string): Promise<Record<string, number>> {
  const findings = await request<{
    matrixWithDescendants: Record<string, Record<string, number>>;
  }>("GET", `/workspaces/${encodeURIComponent(ws)}/exports/findings.json`);
  return Object.fromEntries(
    Object.entries(findings.matrixWithDescendants).map(([code, row]) => [
      code,
      Object.values(row).reduce((a, b) => a + b, 0),
    ]),
  );
}

/** Adds a code under another one (a new sub-code to split passages into). */
export function createSubTag(ws: string, parentId: string, label: string): Promise<Tag> {
  return request<Tag>("POST", base(ws), { label, parentId });
}

/** The passages coded with a code, in the workspace's order. */
export function listTagPassages(ws: string, tagId: string): Promise<Annotation[]> {
  return all<Annotation>(`/workspaces/${encodeURIComponent(ws)}/annotations`, { tag: tagId });
}

export interface RecodeResult {
  changed: number;
  unchanged: number;
  failed: Array<{ annotationId: string; code: string; message: string }>;
}

/** Moves, adds or removes a code on selected passages of `tagId`. */
export function recodePassages(
  ws: string,
  tagId: string,
  input: { annotationIds: string[]; action: "move" | "add" | "remove"; to?: string },
): Promise<RecodeResult> {
  return request<RecodeResult>("POST", `${base(ws)}/${encodeURIComponent(tagId)}/recode`, input);
}
