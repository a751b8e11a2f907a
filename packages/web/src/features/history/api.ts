import { all, request } from "../../api/client.ts";
import type { Annotation } from "../../api/types.ts";

/** One entry of the append-only history (GET …/history). */
export interface HistoryEntry {
  entity: string;
  kind: "annotation" | "link" | "code" | "document";
  entityId: string;
  version: number;
  action: string;
  cause: string | null;
  at: string;
  by: string;
  requestId: string | null;
  documentId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  status: "applied" | "pending" | "not_applied";
}

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}`;

/** A passage's history, oldest first; kept after the passage is deleted. */
export function passageHistory(ws: string, annId: string): Promise<HistoryEntry[]> {
  return all<HistoryEntry>(`${base(ws)}/annotations/${encodeURIComponent(annId)}/history`);
}

/** A document's history and its passages', newest first. */
export function documentHistory(ws: string, docId: string): Promise<HistoryEntry[]> {
  return all<HistoryEntry>(`${base(ws)}/documents/${encodeURIComponent(docId)}/history`);
}

/** Puts a deleted passage back exactly as it was deleted. */
export function restorePassage(ws: string, annId: string): Promise<Annotation> {
  return request<Annotation>(
    "POST",
    `${base(ws)}/annotations/${encodeURIComponent(annId)}/restore`,
  );
}
