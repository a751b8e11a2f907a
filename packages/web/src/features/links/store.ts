import { useQuery } from "@tanstack/react-query";
import { queryClient } from "../../api/queryClient.ts";
import { queryKeys } from "../../api/queryKeys.ts";
import type { Link } from "../../api/types.ts";
import { listLinksOf } from "./api.ts";

export type LinksState =
  | { status: "idle" | "loading" }
  | { status: "error"; error: unknown }
  | { status: "ready"; links: Link[] };

/**
 * The links of each passage the reader has shown, one query per passage shared by all cards, so
 * that a new or removed link shows at both of its ends at once. A passage's links are fetched when
 * its card first comes into view (a document may have hundreds of cards), and again once they are
 * older than STALE_MS, so colleagues' links appear without a reload.
 */
const STALE_MS = 30_000;

const linksQuery = (ws: string, annotationId: string) => ({
  queryKey: queryKeys.links(ws, annotationId),
  queryFn: () => listLinksOf(ws, annotationId),
  staleTime: STALE_MS,
});

/** Fetches a passage's links again (after a failure, or a link made elsewhere). */
export function loadLinks(ws: string, annotationId: string): void {
  void queryClient.refetchQueries({ queryKey: queryKeys.links(ws, annotationId), exact: true });
}

/** Changes the links of both ends of `link`, where they are loaded. */
function atBothEnds(ws: string, link: Link, change: (links: Link[]) => Link[]): void {
  for (const end of [link.fromId, link.toId]) {
    queryClient.setQueryData<Link[]>(queryKeys.links(ws, end), (links) => links && change(links));
  }
}

/** Records a new link at both of its ends (where they are loaded). */
export function addLink(ws: string, link: Link): void {
  atBothEnds(ws, link, (links) => (links.some((l) => l.id === link.id) ? links : [...links, link]));
}

/** Forgets a removed link at both of its ends. */
export function removeLink(ws: string, link: Link): void {
  atBothEnds(ws, link, (links) => links.filter((l) => l.id !== link.id));
}

/** A passage's links, loaded once `visible` turns true. */
export function usePassageLinks(ws: string, annotationId: string, visible: boolean): LinksState {
  const query = useQuery({ ...linksQuery(ws, annotationId), enabled: visible });
  if (query.status === "success") return { status: "ready", links: query.data };
  if (query.status === "error") return { status: "error", error: query.error };
  return { status: query.fetchStatus === "fetching" ? "loading" : "idle" };
}
