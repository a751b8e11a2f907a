import { useEffect, useRef } from "react";
import { readerPath } from "../../app/paths.ts";

/**
 * The reader's address of a search hit: the document's, with `#at=<start>-<end>` (UTF-16 offsets
 * into the current canonical text, as the search returns them).
 */
export function hitPath(ws: string, documentId: string, start: number, end: number): string {
  return `${readerPath(documentId, ws)}#at=${start}-${end}`;
}

/** The span of a `#at=<start>-<end>` address; null without one (or a malformed one). */
export function hitFromHash(hash: string): { start: number; end: number } | null {
  const found = /(?:^#|&)at=(\d{1,10})-(\d{1,10})(?:&|$)/.exec(hash);
  if (!found) return null;
  const start = Number(found[1]);
  const end = Number(found[2]);
  return end > start ? { start, end } : null;
}

/**
 * Opens the hit of `#at=…` on load and on every hash change: the reader scrolls to it and marks
 * it with its own highlight functions (`open`). Call it after the reader's highlight layer hook,
 * whose effect must have indexed the text first (effects run in order).
 */
export function useHitLink(open: (start: number, end: number) => void): void {
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => {
    const onHash = () => {
      const hit = hitFromHash(window.location.hash);
      if (hit) latest.current(hit.start, hit.end);
    };
    onHash();
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
}
