import { useEffect, useSyncExternalStore } from "react";
import type { Link } from "../../api/types.ts";
import { listLinksOf } from "./api.ts";

export type LinksState =
  | { status: "idle" | "loading" }
  | { status: "error"; error: unknown }
  | { status: "ready"; links: Link[] };

/**
 * The links of each passage the reader has shown, shared by all cards so that a new or removed
 * link shows at both of its ends at once. A passage's links are fetched when its card first
 * comes into view (a document may have hundreds of cards), and again once they are older than
 * STALE_MS, so colleagues' links appear without a reload.
 */
const STALE_MS = 30_000;
const IDLE: LinksState = { status: "idle" };

const entries = new Map<string, { state: LinksState; at: number }>();
const listeners = new Set<() => void>();

function set(annotationId: string, state: LinksState) {
  entries.set(annotationId, { state, at: Date.now() });
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Fetches a passage's links unless a fresh answer (or a fetch) is already there. */
export function loadLinks(ws: string, annotationId: string, force = false): void {
  const entry = entries.get(annotationId);
  if (!force && entry) {
    if (entry.state.status === "loading") return;
    if (entry.state.status === "ready" && Date.now() - entry.at < STALE_MS) return;
  }
  if (entry?.state.status !== "ready") set(annotationId, { status: "loading" });
  listLinksOf(ws, annotationId).then(
    (links) => set(annotationId, { status: "ready", links }),
    (error: unknown) => set(annotationId, { status: "error", error }),
  );
}

/** Records a new link at both of its ends (where they are loaded). */
export function addLink(link: Link): void {
  for (const end of [link.fromId, link.toId]) {
    const state = entries.get(end)?.state;
    if (state?.status === "ready" && !state.links.some((l) => l.id === link.id)) {
      set(end, { status: "ready", links: [...state.links, link] });
    }
  }
}

/** Forgets a removed link at both of its ends. */
export function removeLink(link: Link): void {
  for (const end of [link.fromId, link.toId]) {
    const state = entries.get(end)?.state;
    if (state?.status === "ready") {
      set(end, { status: "ready", links: state.links.filter((l) => l.id !== link.id) });
    }
  }
}

/** A passage's links, loaded once `visible` turns true. */
export function usePassageLinks(ws: string, annotationId: string, visible: boolean): LinksState {
  const state = useSyncExternalStore(subscribe, () => entries.get(annotationId)?.state ?? IDLE);
  useEffect(() => {
    if (visible) loadLinks(ws, annotationId);
  }, [ws, annotationId, visible]);
  return state;
}
