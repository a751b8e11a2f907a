import type { HistoryEntry } from "@gloss/core/history";
import { all, request } from "../../api/client.ts";
import type { Annotation } from "../../api/types.ts";

/** One entry of the append-only history (GET …/history), as core's schema describes it. */
export type { HistoryEntry } from "@gloss/core/history";

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
