import { useEffect, useMemo, useRef, useState } from "react";
import { findHits, foldText, MAX_FIND_HITS, type Span } from "./findHits.ts";
import "./find.css";

const ALL = "gloss-find";
const CURRENT = "gloss-find-current";

const canHighlight =
  typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined";

/** What the find bar needs from the reader: its own range, scroll and tagging functions. */
export interface FindHost {
  text: string;
  /** A DOM range of canonical offsets (null where the text is not rendered). */
  rangeOf: (start: number, end: number) => AbstractRange | null;
  /** Scrolls a span into view, as the reader does for a passage. */
  scrollTo: (start: number, end: number) => void;
  /** Selects a span and opens the tag popover on it; absent for readers who cannot edit. */
  tag?: ((start: number, end: number) => void) | undefined;
}

/**
 * Ctrl/Cmd+F in the reader: opens a find bar over the text instead of the browser's, whose hits
 * are painted in their own highlight (all hits, and the current one), with next/previous and
 * "Tag this hit". Esc or the close button dismisses it and removes the highlights.
 */
export function useFindBar(): { open: boolean; setOpen: (open: boolean) => void } {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "f") {
        return;
      }
      if (document.querySelector("dialog[open]")) return;
      event.preventDefault();
      setOpen(true);
      // Already open: Ctrl+F again puts the cursor back in its field.
      const input = document.getElementById("find-input") as HTMLInputElement | null;
      input?.focus();
      input?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return { open, setOpen };
}

export function FindBar({ host, onClose }: { host: FindHost; onClose: () => void }) {
  const [needle, setNeedle] = useState("");
  const [current, setCurrent] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const folded = useMemo(() => foldText(host.text), [host.text]);
  const hits = useMemo(() => findHits(folded, needle), [folded, needle]);
  const hit: Span | undefined = hits[current];

  useEffect(() => input.current?.focus(), []);

  // Paint every hit, and the current one above it.
  useEffect(() => {
    if (!canHighlight) return;
    const all = new Highlight();
    for (const h of hits) {
      const range = host.rangeOf(h.start, h.end);
      if (range) all.add(range);
    }
    all.priority = 30;
    CSS.highlights.set(ALL, all);
    return () => {
      CSS.highlights.delete(ALL);
    };
  }, [hits, host]);
  useEffect(() => {
    if (!canHighlight || !hit) return;
    const range = host.rangeOf(hit.start, hit.end);
    if (range) {
      const highlight = new Highlight(range);
      highlight.priority = 31;
      CSS.highlights.set(CURRENT, highlight);
    }
    host.scrollTo(hit.start, hit.end);
    return () => {
      CSS.highlights.delete(CURRENT);
    };
  }, [hit, host]);

  const step = (by: 1 | -1) => {
    if (hits.length > 0) setCurrent((c) => (c + by + hits.length) % hits.length);
  };

  return (
    // Shaped like the top bar's SearchField, not merged with it: this finds in the open text as
    // one types and steps through hits; that one sends a query to search the whole workspace.
    <search className="find-bar" aria-label="Find in this document">
      <label className="visually-hidden" htmlFor="find-input">
        Find in this document
      </label>
      <input
        ref={input}
        id="find-input"
        type="search"
        placeholder="Find in document"
        value={needle}
        maxLength={500}
        onChange={(e) => {
          setNeedle(e.target.value);
          setCurrent(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="find-count" role="status">
        {needle.trim()
          ? hits.length === 0
            ? "No hits"
            : `${current + 1} of ${hits.length}${hits.length === MAX_FIND_HITS ? "+" : ""}`
          : ""}
      </span>
      <button type="button" className="quiet" disabled={hits.length === 0} onClick={() => step(-1)}>
        Previous
      </button>
      <button type="button" className="quiet" disabled={hits.length === 0} onClick={() => step(1)}>
        Next
      </button>
      {host.tag && (
        <button
          type="button"
          className="quiet"
          disabled={!hit}
          onClick={() => hit && host.tag?.(hit.start, hit.end)}
        >
          Tag this hit
        </button>
      )}
      <button type="button" className="quiet" aria-label="Close find" onClick={onClose}>
        ×
      </button>
    </search>
  );
}
